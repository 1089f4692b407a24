# SPDX-License-Identifier: GPL-2.0-or-later
# Every dependency comes through pkg-config. scripts/deps.sh installs the
# Debian packages that provide them.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(GLIB REQUIRED IMPORTED_TARGET glib-2.0>=2.66)
# The viewer, input and audio components need these; they are looked up here
# so that a missing one is reported once, with the package to install.
pkg_check_modules(SDL2 REQUIRED IMPORTED_TARGET sdl2>=2.0.14)
pkg_check_modules(EPOXY REQUIRED IMPORTED_TARGET epoxy)
pkg_check_modules(SPICE REQUIRED IMPORTED_TARGET spice-client-glib-2.0>=0.39)
pkg_check_modules(PIPEWIRE REQUIRED IMPORTED_TARGET libpipewire-0.3>=0.3.44)
pkg_check_modules(LIBDRM REQUIRED IMPORTED_TARGET libdrm)
if(BUILD_TESTING)
  pkg_check_modules(CMOCKA REQUIRED IMPORTED_TARGET cmocka>=1.1)
  # The SPICE server QEMU uses, as the input tests' peer.
  pkg_check_modules(SPICE_SERVER REQUIRED IMPORTED_TARGET spice-server>=0.14)
endif()
