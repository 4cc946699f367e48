#include "api/genesys/html_page.h"

#include "core/random.h"

namespace rp::api::genesys {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

http::Response html_page(int status, std::string_view title, std::string_view body_html, std::string_view form_action) {
  std::string nonce = random_token(16);
  http::Response r;
  r.status = status;
  r.set_header("Content-Type", "text/html; charset=utf-8");
  r.set_header("Cache-Control", "no-store");
  r.set_header("Pragma", "no-cache");
  r.set_header("X-Frame-Options", "DENY");
  r.set_header("X-Content-Type-Options", "nosniff");
  r.set_header("Referrer-Policy", "no-referrer");
  r.set_header("Content-Security-Policy", "default-src 'none'; style-src 'nonce-" + nonce + "'; form-action " +
                                              std::string(form_action) + "; frame-ancestors 'none'; base-uri 'none'");
  r.body =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
      html_escape(title) + "</title><style nonce=\"" + nonce +
      "\">body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0}"
      "main{max-width:22rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;"
      "box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.4rem;margin:0 0 .5rem}"
      "label{display:block;margin:1rem 0 .25rem}input[type=text],input[type=password]{width:100%;"
      "box-sizing:border-box;padding:.5rem;font-size:1rem}button{margin-top:1.5rem;width:100%;padding:.6rem;"
      "font-size:1rem}.error{color:#a00;background:#fee;padding:.5rem;border-radius:4px}"
      ".client{color:#555}</style></head><body><main>" +
      std::string(body_html) + "</main></body></html>\n";
  return r;
}

}  // namespace rp::api::genesys
