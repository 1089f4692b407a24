# SPDX-License-Identifier: GPL-2.0-or-later
# lgview for Nix and NixOS: the package, the kvmfr kernel module, an
# overlay, the NixOS module (programs.lgview) and checks. See docs/nixos.md.
#
# No flake.lock is committed: it was written offline, where no lock could be
# generated. The first `nix flake lock` (or any nix build) makes one.
{
  description = "lgview: a Looking Glass B7 compatible frame viewer for VFIO GPU passthrough VMs";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      system = "x86_64-linux";
      pkgs = import nixpkgs {
        inherit system;
        overlays = [ self.overlays.default ];
      };
      inherit (nixpkgs) lib;
    in
    {
      overlays.default = import ./nix/overlay.nix;

      packages.${system} = {
        lgview = pkgs.lgview;
        # For nixpkgs' default kernel; NixOS users get one built for their
        # own boot.kernelPackages from the module (or the overlay).
        kvmfr = pkgs.linuxPackages.kvmfr;
        default = self.packages.${system}.lgview;
      };

      # The module builds its package and kvmfr from the user's own pkgs
      # (pkgs.callPackage, boot.kernelPackages.callPackage), so it needs
      # neither the overlay nor this flake's nixpkgs.
      nixosModules.default = ./nix/module.nix;

      checks.${system} =
        let
          # The module against stub NixOS options (tests/nix/eval.nix, the
          # same evaluation tests/nix/test_nix.sh makes). The derivation
          # exists only if the evaluation's facts hold.
          results = import ./tests/nix/eval.nix { inherit lib; };
          # The module inside a real NixOS evaluation: every option type and
          # NixOS's own assertions. Not run where it was written (offline).
          nixos = lib.nixosSystem {
            inherit system;
            modules = [
              self.nixosModules.default
              {
                fileSystems."/".device = "/dev/disk/by-label/nixos";
                boot.loader.grub.device = "nodev";
                system.stateVersion = "25.11";
                users.users.alice.isNormalUser = true;
                virtualisation.libvirtd.enable = true;
                programs.lgview = {
                  enable = true;
                  user = "alice";
                  iommu = "intel";
                  vfio.ids = [ "10de:2204" "10de:1aef" ];
                  libvirtHook.domains = [ "win11" ];
                };
              }
            ];
          };
        in
        {
          module-eval =
            assert results.allGood;
            pkgs.runCommand "lgview-module-eval" { } "echo ok > $out";
          nixos-eval = pkgs.runCommand "lgview-nixos-eval" { } ''
            echo ${nixos.config.system.build.toplevel.drvPath} > $out
          '';
          inherit (self.packages.${system}) lgview kvmfr;
        };
    };
}
