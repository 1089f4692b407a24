# SPDX-License-Identifier: GPL-2.0-or-later
# The kvmfr kernel module (kvmfr/module) for one kernel. Call it from a
# kernel package set so that `kernel` is that set's kernel:
#   config.boot.kernelPackages.callPackage ./kvmfr.nix { }
{
  lib,
  stdenv,
  kernel,
  # Newer nixpkgs gives kernel package sets kernelModuleMakeFlags (the flags
  # meant for out-of-tree modules); older ones only kernel.makeFlags.
  kernelModuleMakeFlags ? kernel.makeFlags,
}:

let
  lgLib = import ./lib.nix { inherit lib; };
  kdir = "${kernel.dev}/lib/modules/${kernel.modDirVersion}/build";
in
stdenv.mkDerivation {
  pname = "kvmfr";
  version = "${lgLib.versionFromCMake ../CMakeLists.txt}-${kernel.version}";

  # Kbuild takes <kvmfr/uapi.h> from ../include, so the source is the whole
  # kvmfr folder minus the userspace library, and the build starts in module/.
  src = lib.cleanSourceWith {
    name = "kvmfr-source";
    src = ../kvmfr;
    filter =
      path: type:
      let
        rel = lib.removePrefix (toString ../kvmfr + "/") (toString path);
      in
      rel == "module" || rel == "include" || lib.hasPrefix "module/" rel || lib.hasPrefix "include/" rel;
  };
  sourceRoot = "kvmfr-source/module";

  nativeBuildInputs = kernel.moduleBuildDependencies;
  # Kernel code is not position independent userspace code.
  hardeningDisable = [ "pic" ];

  # The project's Makefile runs `make -C $(KDIR) M=$(CURDIR) modules`; the
  # kernel's flags given on the command line reach that inner make too.
  # KVER must be set: its default comes from `uname -r`, meaningless here.
  makeFlags = kernelModuleMakeFlags ++ [
    "KVER=${kernel.modDirVersion}"
    "KDIR=${kdir}"
  ];
  buildFlags = [ "modules" ];

  # Not `make install`: that runs depmod and writes /etc. NixOS runs depmod
  # over boot.extraModulePackages itself.
  installPhase = ''
    runHook preInstall
    install -D -m 0444 kvmfr.ko \
      $out/lib/modules/${kernel.modDirVersion}/kernel/drivers/misc/kvmfr.ko
    runHook postInstall
  '';

  meta = {
    description = "kvmfr: IVSHMEM shared memory as /dev/kvmfrN, with dma-buf export, for lgview";
    license = lib.licenses.gpl2Only;
    platforms = lib.platforms.linux;
  };
}
