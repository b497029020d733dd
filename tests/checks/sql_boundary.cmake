# All SQL lives in core/storage, and SQLite-only syntax in its one dialect point.
# Fails when a file in core/ outside core/storage, or in ui/ or app/, uses QtSql or the sqlite3 API or
# holds SQL text; and when a file in core/storage other than the SQLite-specific ones (SqlDialect,
# SqliteStatement, the sqlite3 bulk loader ContactBulkWriter) uses SQLite-only syntax.
# Usage: cmake -DSOURCE_DIR=... -P sql_boundary.cmake

cmake_policy(SET CMP0007 NEW)
set(failures "")
file(GLOB_RECURSE outside "${SOURCE_DIR}/core/*.h" "${SOURCE_DIR}/core/*.cpp" "${SOURCE_DIR}/ui/*.h"
     "${SOURCE_DIR}/ui/*.cpp" "${SOURCE_DIR}/app/*.h" "${SOURCE_DIR}/app/*.cpp")
list(FILTER outside EXCLUDE REGEX "/core/storage/")
# SQL statements as they are written in string literals (upper-case keywords); the IMAP SELECT
# command has no FROM.
set(sql_text
    "QSql[A-Z][A-Za-z]*"
    "sqlite3"
    "\"[^\"]*SELECT [^\"]* FROM "
    "\"[^\"]*SELECT [a-z_*(]"
    " FROM [a-z_]+ WHERE "
    "\"[^\"]*(INSERT|REPLACE)( OR [A-Z]+)? INTO "
    "\"[^\"]*UPDATE [a-z_]+ SET "
    "\"[^\"]*DELETE FROM "
    "\"[^\"]*(CREATE|DROP|ALTER) (TABLE|INDEX|VIEW|TRIGGER) "
    "\"[^\"]*PRAGMA ")
# Appends "path:line: what (match): line" to failures for each line of files that matches one of
# patterns; with SKIP_COMMENTS, lines that are // comments are passed over.
function(scan files patterns what)
  cmake_parse_arguments(S "SKIP_COMMENTS" "" "" ${ARGN})
  set(found "")
  foreach(f IN LISTS files)
    file(STRINGS "${f}" lines)
    set(n 0)
    foreach(line IN LISTS lines)
      math(EXPR n "${n} + 1")
      if(S_SKIP_COMMENTS AND line MATCHES "^[ \t]*//")
        continue()
      endif()
      foreach(pattern IN LISTS patterns)
        if(line MATCHES "${pattern}")
          file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
          list(APPEND found "${rel}:${n}: ${what} (${CMAKE_MATCH_0}): ${line}")
          break()
        endif()
      endforeach()
    endforeach()
  endforeach()
  set(failures ${failures} ${found} PARENT_SCOPE)
endfunction()

scan("${outside}" "${sql_text}" "SQL outside core/storage")

file(GLOB storage "${SOURCE_DIR}/core/storage/*.h" "${SOURCE_DIR}/core/storage/*.cpp")
list(FILTER storage EXCLUDE REGEX "/(SqlDialect|SqliteStatement|ContactBulkWriter)\\.(h|cpp)$")
set(sqlite_only "INSERT OR " "REPLACE INTO" "PRAGMA " "strftime\\(" "julianday\\(" "instr\\(" "sqlite_master"
    "[ (,.]rowid[ ),]" "last_insert_rowid" "GLOB ")
scan("${storage}" "${sqlite_only}" "SQLite-only syntax outside SqlDialect" SKIP_COMMENTS)

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "SQL boundary:\n  ${text}")
endif()
list(LENGTH outside n_outside)
list(LENGTH storage checked)
message(STATUS "sql boundary: ${n_outside} files outside storage hold no SQL; ${checked} storage files use no SQLite-only syntax")
