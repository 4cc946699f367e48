-- wrk script: OAuth client credentials grants against POST /oauth/token.
-- The Basic Authorization header comes from the command line (-H).
wrk.method = "POST"
wrk.path = "/oauth/token"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
