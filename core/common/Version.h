#pragma once

#include <QString>

namespace hivepost {

// The version of this build, from the top-level CMake project().
inline QString applicationVersion() {
    return QStringLiteral(HIVEPOST_VERSION);
}

} // namespace hivepost
