// The Vietnamese text rules now live in core/vietnamese.h (news and search use them too);
// this header stays so the movement's files keep their include.
#pragma once

#include "core/vietnamese.h"
