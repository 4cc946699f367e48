// Must not compile with the service layer's include root: the service layer
// may not use the transport (ctest layer_root_refuses expects a failure).
#include "http/server.h"
