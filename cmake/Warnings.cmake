# SPDX-License-Identifier: GPL-2.0-or-later
add_compile_options(-Wall -Wextra -Wshadow -Wpointer-arith -Wstrict-prototypes
                    -Wmissing-prototypes -Wno-unused-parameter)
add_compile_definitions(_GNU_SOURCE)
if(LGVIEW_WERROR)
  add_compile_options(-Werror)
endif()
if(LGVIEW_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
if(LGVIEW_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "LGVIEW_FUZZ needs clang: configure with -DCMAKE_C_COMPILER=clang")
  endif()
  # Instrument everything for coverage; only the fuzz targets link the driver.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
