// Compiles with the service layer's include root: the control for
// refused.cpp, so that its failure is the missing header and nothing else.
#include "service/users/users.h"
#include "store/store.h"
