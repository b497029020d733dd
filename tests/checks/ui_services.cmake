# Pages observe the application layer (core/application): no file in ui/ names the send engine, a
# mailbox poller or the bounce processor, so none can own one or do their work behind the user's back.
# Usage: cmake -DSOURCE_DIR=... -P ui_services.cmake

cmake_policy(SET CMP0007 NEW)
set(failures "")
file(GLOB_RECURSE files "${SOURCE_DIR}/ui/*.h" "${SOURCE_DIR}/ui/*.cpp")
foreach(f IN LISTS files)
  file(STRINGS "${f}" lines REGEX "SendEngine|MailboxPoller|BounceProcessor|ImapFetcher|Pop3Fetcher")
  foreach(line IN LISTS lines)
    file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
    list(APPEND failures "${rel}: ${line}")
  endforeach()
endforeach()
if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "ui/ must leave long-lived work to core/application:\n  ${text}")
endif()
list(LENGTH files n)
message(STATUS "ui services: ${n} files in ui/ name no engine, poller or bounce processor")
