# SPDX-License-Identifier: GPL-2.0-or-later
# The overlay's CPU side: embedded 8x16 font and the RGBA canvas (no GL).
add_library(lgview-overlay STATIC ${CMAKE_CURRENT_LIST_DIR}/src/font8x16.c ${CMAKE_CURRENT_LIST_DIR}/src/overlay_canvas.c)
target_include_directories(lgview-overlay PUBLIC ${CMAKE_CURRENT_LIST_DIR}/src)
