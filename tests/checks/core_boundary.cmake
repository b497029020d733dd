# The one rule: core/ is GUI-free. Fails when a file under core/ includes a QtGui or QtWidgets header
# (by module or by class name), or anything from ui/; and when hivepost-cli links Qt6Gui or Qt6Widgets.
# Usage: cmake -DSOURCE_DIR=... -DCLI=path/to/hivepost-cli -DQT_GUI_HEADERS_DIRS="dir;dir" -P core_boundary.cmake

cmake_policy(SET CMP0057 NEW) # IN_LIST
set(failures "")

# Every header that QtGui and QtWidgets install, e.g. QPixmap, qimage.h.
set(gui_headers "")
foreach(dir IN LISTS QT_GUI_HEADERS_DIRS)
  file(GLOB names RELATIVE "${dir}" "${dir}/*")
  list(APPEND gui_headers ${names})
endforeach()
list(REMOVE_DUPLICATES gui_headers)
list(LENGTH gui_headers n_gui)
if(n_gui LESS 100)
  message(FATAL_ERROR "Found only ${n_gui} QtGui/QtWidgets headers in '${QT_GUI_HEADERS_DIRS}'; the check cannot work")
endif()

file(GLOB_RECURSE ui_files RELATIVE "${SOURCE_DIR}/ui" "${SOURCE_DIR}/ui/*.h")
file(GLOB_RECURSE core_files "${SOURCE_DIR}/core/*.h" "${SOURCE_DIR}/core/*.cpp")
foreach(f IN LISTS core_files)
  file(STRINGS "${f}" lines REGEX "^[ \t]*#[ \t]*include")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "[<\"]([^>\"]+)[>\"]" _ "${line}")
    set(inc "${CMAKE_MATCH_1}")
    string(REGEX REPLACE "^.*/" "" base "${inc}")
    if(inc MATCHES "^(QtGui|QtWidgets|QtPrintSupport|QtCharts|QtSvg)(/|$)"
       OR inc MATCHES "^ui/" OR base IN_LIST gui_headers OR inc IN_LIST ui_files)
      file(RELATIVE_PATH rel "${SOURCE_DIR}" "${f}")
      list(APPEND failures "${rel}: ${line}")
    endif()
  endforeach()
endforeach()

if(CLI)
  execute_process(COMMAND ldd "${CLI}" OUTPUT_VARIABLE ldd_out RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    list(APPEND failures "ldd ${CLI} failed")
  elseif(ldd_out MATCHES "libQt6(Gui|Widgets)")
    list(APPEND failures "hivepost-cli links ${CMAKE_MATCH_0}")
  endif()
endif()

if(failures)
  list(JOIN failures "\n  " text)
  message(FATAL_ERROR "core/ must not depend on the GUI:\n  ${text}")
endif()
list(LENGTH core_files n)
message(STATUS "core boundary: ${n} files checked against ${n_gui} GUI headers; hivepost-cli links no GUI library")
