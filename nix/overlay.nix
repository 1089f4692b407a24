# SPDX-License-Identifier: GPL-2.0-or-later
# Adds pkgs.lgview, and kvmfr to kernel package sets (pkgs.linuxPackages.kvmfr,
# config.boot.kernelPackages.kvmfr, ...).
#
# nixpkgs (since autumn 2025: nixos-unstable, 25.11) applies the list
# kernelPackagesExtensions to every kernel package set it makes, the
# linuxPackages_* sets and linuxPackagesFor alike, which is what this
# overlay extends. With an older nixpkgs, where the list does not exist,
# only linuxPackages, linuxPackages_latest and linuxPackagesFor get kvmfr:
# extending linuxKernel.packagesFor there would not reach the prebuilt sets.
# The NixOS module needs none of this: it builds kvmfr with
# config.boot.kernelPackages.callPackage itself.
final: prev:

let
  kvmfrExtension = kfinal: _kprev: {
    kvmfr = kfinal.callPackage ./kvmfr.nix { };
  };
in
{
  lgview = final.callPackage ./package.nix { };
}
// (
  if prev ? kernelPackagesExtensions then
    {
      kernelPackagesExtensions = prev.kernelPackagesExtensions ++ [ kvmfrExtension ];
    }
  else
    {
      linuxPackages = prev.linuxPackages.extend kvmfrExtension;
      linuxPackages_latest = prev.linuxPackages_latest.extend kvmfrExtension;
      linuxPackagesFor = kernel: (prev.linuxPackagesFor kernel).extend kvmfrExtension;
    }
)
