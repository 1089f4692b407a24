# SPDX-License-Identifier: GPL-2.0-or-later
# lgview, lgbench and lgctl, built with the project's own CMake files.
# Used by the flake (packages.x86_64-linux.lgview), the overlay and, through
# pkgs.callPackage, by the NixOS module when no package is given.
{
  lib,
  stdenv,
  cmake,
  pkg-config,
  scdoc,
  SDL2,
  libepoxy,
  spice-gtk,
  pipewire,
  libdrm,
  glib,
  libvirt,
  libxml2,
  xorg,
  cmocka,
  spice,
}:

let
  lgLib = import ./lib.nix { inherit lib; };

  # Only what CMake reads: a result link, a build folder or the editor's
  # droppings must not change the source hash.
  src = lib.cleanSourceWith {
    name = "lgview-source";
    src = ../.;
    filter =
      path: type:
      let
        base = baseNameOf path;
      in
      lib.cleanSourceFilter path type
      && !(lib.hasPrefix "build" base && type == "directory")
      && !(lib.hasPrefix "result" base)
      && base != ".cache";
  };
in
stdenv.mkDerivation (finalAttrs: {
  pname = "lgview";
  # From project(lgview VERSION ...) in CMakeLists.txt, so a release bump
  # there is the only edit needed.
  version = lgLib.versionFromCMake ../CMakeLists.txt;

  inherit src;

  nativeBuildInputs = [
    cmake
    pkg-config
    # The man pages (docs/man) are made with scdoc.
    scdoc
  ];

  # What cmake/Dependencies.cmake and the CMakeLists.txt files look up with
  # pkg-config: glib-2.0, sdl2, epoxy, spice-client-glib-2.0 (spice-gtk),
  # libpipewire-0.3, libdrm and libxml-2.0 are required; libvirt (lgctl vm),
  # x11 and xfixes (the clipboard, the X11 workspace code) and xext (lgbench's
  # MIT-SHM readback) are optional there but wanted here.
  buildInputs = [
    SDL2
    libepoxy
    spice-gtk
    pipewire
    libdrm
    glib
    libxml2
    libvirt
    xorg.libX11
    xorg.libXext
    xorg.libXfixes
  ];

  # BUILD_TESTING makes cmocka and spice-server (the input tests' peer)
  # required at configure time, so the tests are built only when they run.
  # libXtst and libXi serve the X11 integration tests.
  checkInputs = [
    cmocka
    spice
    xorg.libXtst
    xorg.libXi
  ];

  cmakeFlags = [
    (lib.cmakeBool "BUILD_TESTING" finalAttrs.doCheck)
    # Fail instead of silently dropping the man pages if scdoc goes missing.
    (lib.cmakeFeature "LGVIEW_MAN" "ON")
  ];

  # Off by default: most of the suite needs an X server, PipeWire and a
  # writable /dev/shm, none of which the build sandbox has (those tests
  # would only report "skipped"). `lgview.overrideAttrs { doCheck = true; }`
  # runs what can run.
  doCheck = false;

  # cmake --install puts bin/lgview, bin/lgbench, bin/lgctl,
  # lib/udev/rules.d/99-kvmfr.rules, share/doc/lgview/lgview.ini.example and
  # the man pages, completions and desktop entry under $out: nothing to add.

  meta = {
    description = "Looking Glass B7 compatible frame viewer for VFIO GPU passthrough VMs";
    longDescription = ''
      lgview shows a VM's frames from IVSHMEM shared memory (/dev/shm or the
      kvmfr module's /dev/kvmfr0), with SPICE input, clipboard and audio.
      lgctl binds devices to vfio-pci, prepares the shared memory, serves as
      libvirt's qemu hook and diagnoses the host; lgbench measures latency.
    '';
    license = lib.licenses.gpl2Plus;
    platforms = lib.platforms.linux;
    mainProgram = "lgview";
  };
})
