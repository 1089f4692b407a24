# SPDX-License-Identifier: GPL-2.0-or-later
# The overlay's CPU side: the RGBA canvas (no GL), drawn with the one 8x16
# font of guest-proto's synth library.
add_library(lgview-overlay STATIC ${CMAKE_CURRENT_LIST_DIR}/src/overlay_canvas.c)
target_include_directories(lgview-overlay PUBLIC ${CMAKE_CURRENT_LIST_DIR}/src)
target_link_libraries(lgview-overlay PUBLIC lgp-synth)
