# SPDX-License-Identifier: GPL-2.0-or-later
# The NixOS options nix/module.nix sets, declared with the types NixOS gives
# them, so that lib.evalModules merges and type-checks the module's
# definitions as NixOS would. This is not NixOS: no nixpkgs exists offline,
# so only these options, and none of NixOS's own assertions, are here.
{ lib, ... }:

let
  inherit (lib) mkOption types;

  # A package stand-in: isDerivation is true, "${p}" is its outPath.
  fakePackage = name: {
    type = "derivation";
    inherit name;
    outPath = "/nix/store/00000000000000000000000000000000-${name}";
  };

  # What NixOS's kernel package sets offer the module: callPackage. The
  # stub records which file it was asked to build.
  fakeKernelPackages = {
    kernel = fakePackage "linux-6.12.0" // {
      version = "6.12.0";
      modDirVersion = "6.12.0";
    };
    callPackage =
      file: _args:
      fakePackage "kvmfr-0.1.0-6.12.0"
      // {
        builtFrom = baseNameOf (toString file);
      };
  };

  # boot.kernelParams' element type in NixOS: no spaces outside quotes.
  kernelParam = types.strMatching ''([^"[:space:]]|"[^"]*")+'' // {
    name = "kernelParam";
  };

  listOfStr = mkOption {
    type = types.listOf types.str;
    default = [ ];
  };
  lines = mkOption {
    type = types.lines;
    default = "";
  };
in
{
  options = {
    assertions = mkOption {
      type = types.listOf types.unspecified;
      default = [ ];
    };
    warnings = listOfStr;

    boot = {
      kernelModules = listOfStr;
      initrd.kernelModules = listOfStr;
      kernelParams = mkOption {
        type = types.listOf kernelParam;
        default = [ ];
      };
      extraModprobeConfig = lines;
      extraModulePackages = mkOption {
        type = types.listOf types.package;
        default = [ ];
      };
      kernelPackages = mkOption {
        type = types.raw;
        default = fakeKernelPackages;
      };
    };

    services.udev.extraRules = lines;
    systemd.tmpfiles.rules = listOfStr;
    systemd.package = mkOption {
      type = types.package;
      default = fakePackage "systemd-257";
    };
    systemd.services = mkOption {
      default = { };
      type = types.attrsOf (
        types.submodule {
          freeformType = types.attrsOf types.anything;
          options = {
            description = mkOption {
              type = types.str;
              default = "";
            };
            serviceConfig = mkOption {
              type = types.attrsOf types.anything;
              default = { };
            };
            wantedBy = listOfStr;
          };
        }
      );
    };

    environment.systemPackages = mkOption {
      type = types.listOf types.package;
      default = [ ];
    };
    environment.etc = mkOption {
      default = { };
      type = types.attrsOf (
        types.submodule {
          options.text = mkOption {
            type = types.nullOr types.lines;
            default = null;
          };
          options.mode = mkOption {
            type = types.str;
            default = "symlink";
          };
        }
      );
    };

    users.users = mkOption {
      default = { };
      type = types.attrsOf (
        types.submodule {
          freeformType = types.attrsOf types.anything;
          options.extraGroups = listOfStr;
        }
      );
    };
    users.groups = mkOption {
      default = { };
      type = types.attrsOf (
        types.submodule {
          options.gid = mkOption {
            type = types.nullOr types.int;
            default = null;
          };
          options.members = listOfStr;
        }
      );
    };

    virtualisation.libvirtd = {
      enable = mkOption {
        type = types.bool;
        default = false;
      };
      # NixOS's default, which any definition replaces.
      qemu.verbatimConfig = mkOption {
        type = types.lines;
        default = ''
          namespaces = []
        '';
      };
      hooks.qemu = mkOption {
        type = types.attrsOf types.path;
        default = { };
      };
    };
  };

  config._module.args.pkgs = {
    # builtins.toFile would need a writable store; the stand-in keeps the
    # script's text where the test can read it, and still is an absolute
    # path for types.path.
    writeShellScript = name: text: {
      outPath = "/nix/store/00000000000000000000000000000000-${name}";
      inherit text;
    };
    callPackage =
      file: _args:
      fakePackage "lgview-0.1.0"
      // {
        builtFrom = baseNameOf (toString file);
      };
  };
}
