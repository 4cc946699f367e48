#pragma once
// The HTML pages roleplane serves to people rather than programs: the
// sign-in page (authorize.cpp) and the invitation page (invitation_page.cpp).
// Every page is self-contained (one inline style, no scripts, no external
// assets), never cached, never framed, and sends no Referer; every value
// shown in it must go through html_escape.

#include <string>
#include <string_view>

#include "http/message.h"

namespace rp::api::genesys {

std::string html_escape(std::string_view s);

// A complete page: `title` (escaped) in <title>, `body_html` (already safe
// HTML) in <main>. `form_action` is the CSP form-action source list: where
// the page's forms may be posted and redirected to.
http::Response html_page(int status, std::string_view title, std::string_view body_html,
                         std::string_view form_action = "'self'");

}  // namespace rp::api::genesys
