# SPDX-License-Identifier: GPL-2.0-or-later
# NixOS module for lgview: shared memory (kvmfr or /dev/shm) sized by
# lgview's own rule, VFIO binding at boot or at VM start through lgctl as
# libvirt's qemu hook, the IOMMU kernel parameters and the AMD reset-bug
# workaround. Everything lives under programs.lgview; docs/nixos.md has a
# whole example.
{
  config,
  lib,
  pkgs,
  ...
}:

let
  inherit (lib)
    concatMapStringsSep
    concatStringsSep
    filter
    literalExpression
    mkEnableOption
    mkIf
    mkMerge
    mkOption
    optional
    optionals
    optionalString
    types
    ;

  cfg = config.programs.lgview;
  shm = cfg.sharedMemory;
  lgLib = import ./lib.nix { inherit lib; };

  # Where lgctl hook looks for one profile per libvirt domain.
  profileDir = "/etc/lgview/vms";
  kvmfrNode = "/dev/kvmfr0";
  shmPath = if shm.kind == "kvmfr" then kvmfrNode else shm.path;

  resolution = lgLib.parseResolution shm.maxResolution;
  recommendedMiB =
    if resolution == null then
      null
    else
      lgLib.recommendedSizeMiB {
        resolution = shm.maxResolution;
        inherit (shm) hdr;
      };
  # Only forced where assertions have made sure it can be computed.
  sizeMiB = if shm.sizeMiB != null then shm.sizeMiB else recommendedMiB;

  badIds = filter (id: !lgLib.isPciId id) cfg.vfio.ids;
  badAddresses = filter (a: !lgLib.isPciAddress a) cfg.amdResetSuspendCycle.devices;
  # lgctl refuses profile names with a slash, a leading dot or control
  # characters (they are file names under /etc/lgview/vms).
  badDomains = filter (
    d: builtins.match "[^./][^/]*" d == null || builtins.match ".*[[:cntrl:]].*" d != null
  ) cfg.libvirtHook.domains;

  # libvirt's own default cgroup_device_acl (qemu.conf), which a definition
  # replaces rather than extends, plus the kvmfr node QEMU must open.
  aclDevices = [
    "/dev/null"
    "/dev/full"
    "/dev/zero"
    "/dev/random"
    "/dev/urandom"
    "/dev/ptmx"
    "/dev/kvm"
    "/dev/userfaultfd"
    kvmfrNode
  ];

  # An lgctl profile (GKeyFile; lists are ;-separated). With bindAt = "boot"
  # vfio-pci already holds the devices, so the hook only prepares the shared
  # memory.
  profileText = ''
    [vm]
    devices=${optionalString (cfg.vfio.bindAt == "vmStart") (concatStringsSep ";" cfg.vfio.ids)}
    reset=${lib.boolToString cfg.libvirtHook.resetDevices}
    [shm]
    path=${shmPath}
    size=${toString sizeMiB}
    for=${shm.maxResolution}
    hdr=${lib.boolToString shm.hdr}
    group=kvm
    mode=0660
  '';

  lgctl = "${cfg.package}/bin/lgctl";
  systemctl = "${config.systemd.package}/bin/systemctl";

  # libvirt runs every script in /var/lib/libvirt/hooks/qemu.d with
  # OBJECT OP SUBOP EXTRA, with a bare environment: hence full paths.
  hookScript = pkgs.writeShellScript "lgview-qemu-hook" (
    if !cfg.amdResetSuspendCycle.enable then
      ''
        exec ${lgctl} hook --profiles ${profileDir} "$@"
      ''
    else
      ''
        ${lgctl} hook --profiles ${profileDir} "$@" || exit
        # After the devices went back: suspend-cycle the GPU, without
        # blocking libvirt (it waits for this script) while the host sleeps.
        if [ "$2" = release ] && [ "$3" = end ]; then
          case "$1" in
            ${concatMapStringsSep "|" lib.escapeShellArg cfg.libvirtHook.domains})
              ${systemctl} start --no-block lgview-amd-reset.service ;;
          esac
        fi
      ''
  );
in
{
  options.programs.lgview = {
    enable = mkEnableOption "lgview, the Looking Glass B7 compatible viewer, with its host setup";

    package = mkOption {
      type = types.package;
      default = pkgs.callPackage ./package.nix { };
      defaultText = literalExpression "pkgs.callPackage ./nix/package.nix { }";
      description = "The lgview package (lgview, lgctl, lgbench). The default is built from this source against the system's nixpkgs.";
    };

    user = mkOption {
      type = types.str;
      default = "";
      example = "alice";
      description = ''
        The user who runs the viewer. They are added to the kvm group and
        own the shared memory (/dev/kvmfr0 or the /dev/shm file), which is
        mode 0660, group kvm. Required.
      '';
    };

    sharedMemory = {
      kind = mkOption {
        type = types.enum [
          "kvmfr"
          "shm"
        ];
        default = "kvmfr";
        description = ''
          Where the guest's frames are shared. "kvmfr": the kvmfr kernel
          module's /dev/kvmfr0 (lets lgview import frames as dma-bufs, the
          fastest path; QEMU then needs a memory-backend-file on
          /dev/kvmfr0). "shm": the file {option}`sharedMemory.path` on
          /dev/shm for QEMU's ivshmem-plain device; no kernel module.
        '';
      };

      maxResolution = mkOption {
        type = types.str;
        default = "1920x1080";
        example = "2560x1440";
        description = ''
          The largest guest resolution, WxH. The size is computed from it
          the way lgview does: W*H*8 bytes (16 with HDR) plus 10 MiB, rounded
          up to a power of two: 1080p 32 MiB, 1440p 64 MiB, 2160p 128 MiB
          (twice that with HDR).
        '';
      };

      hdr = mkOption {
        type = types.bool;
        default = false;
        description = "Whether the guest sends HDR (8 bytes per pixel) frames; doubles the computed size.";
      };

      sizeMiB = mkOption {
        type = types.nullOr types.ints.positive;
        default = null;
        example = 128;
        description = ''
          The size in MiB, or null to compute it from
          {option}`maxResolution` and {option}`hdr`. Must be a power of two:
          kvmfr would take any size, but QEMU's ivshmem device needs a power
          of two.
        '';
      };

      effectiveSizeMiB = mkOption {
        type = types.int;
        readOnly = true;
        default = sizeMiB;
        defaultText = literalExpression "sizeMiB, or computed from maxResolution and hdr";
        description = "The size used, in MiB (static_size_mb for kvmfr, size= in the lgctl profiles). Read only.";
      };

      path = mkOption {
        type = types.strMatching "/dev/shm/[^/]+";
        default = "/dev/shm/looking-glass";
        description = "The /dev/shm file when {option}`kind` is \"shm\" (created at boot by systemd-tmpfiles).";
      };

      kvmfrPackage = mkOption {
        type = types.nullOr types.package;
        default = config.boot.kernelPackages.callPackage ./kvmfr.nix { };
        defaultText = literalExpression "config.boot.kernelPackages.callPackage ./nix/kvmfr.nix { }";
        description = ''
          The kvmfr module, built for the configured kernel
          ({option}`boot.kernelPackages`). With the flake's overlay,
          `config.boot.kernelPackages.kvmfr` is the same thing.
        '';
      };
    };

    libvirt.cgroupDeviceAcl = mkOption {
      type = types.bool;
      default = true;
      description = ''
        With kvmfr, write libvirt's default cgroup_device_acl plus
        /dev/kvmfr0 (and NixOS's default `namespaces = []`, which any
        definition of virtualisation.libvirtd.qemu.verbatimConfig would
        otherwise drop) into virtualisation.libvirtd.qemu.verbatimConfig.
        Turn it off if you write your own cgroup_device_acl: libvirt takes
        one list.
      '';
    };

    vfio = {
      ids = mkOption {
        type = types.listOf types.str;
        default = [ ];
        example = [
          "10de:2204"
          "10de:1aef"
        ];
        description = ''
          PCI vendor:device ids (lower case, as `lspci -nn` prints them) of
          the devices the VM takes: usually the GPU and its audio function.
          Every device with such an id is taken.
        '';
      };

      bindAt = mkOption {
        type = types.enum [
          "boot"
          "vmStart"
        ];
        default = "boot";
        description = ''
          When vfio-pci gets the devices. "boot": vfio-pci.ids on the kernel
          command line, with vfio-pci in the initrd, so the host's driver
          never touches them. "vmStart": the host keeps them until a VM in
          {option}`libvirtHook.domains` starts; lgctl's libvirt hook binds
          them then and gives them back when it stops.
        '';
      };
    };

    iommu = mkOption {
      type = types.nullOr (
        types.enum [
          "intel"
          "amd"
        ]
      );
      default = null;
      description = ''
        Adds intel_iommu=on iommu=pt, or amd_iommu=on iommu=pt, to the
        kernel command line. iommu=pt keeps the host's own devices off IOMMU
        translation. null: leave the command line alone.
      '';
    };

    libvirtHook = {
      domains = mkOption {
        type = types.listOf types.str;
        default = [ ];
        example = [ "win11" ];
        description = ''
          libvirt domains lgctl serves as qemu hook. Each gets a profile
          /etc/lgview/vms/NAME.ini (the devices with bindAt = "vmStart", and
          the shared memory); on prepare lgctl binds the devices and prepares
          the shared memory, on release it gives the devices back. Other
          domains are left alone. Needs virtualisation.libvirtd.enable.
        '';
      };

      resetDevices = mkOption {
        type = types.bool;
        default = false;
        description = "Reset the devices after release with the kernel's reset method (reset= in the profiles).";
      };
    };

    amdResetSuspendCycle = {
      enable = mkOption {
        type = types.bool;
        default = false;
        description = ''
          For GPUs without a reset method (the AMD reset bug): after a VM of
          {option}`libvirtHook.domains` stops, suspend the whole host to RAM
          for 5 seconds so the GPU comes back usable (lgctl reset
          --suspend-cycle, run by the lgview-amd-reset service). A host that
          does not resume cleanly needs a reboot.
        '';
      };

      devices = mkOption {
        type = types.listOf types.str;
        default = [ ];
        example = [
          "0000:03:00.0"
          "0000:03:00.1"
        ];
        description = "PCI addresses (domain:bus:device.function) of the functions to reset.";
      };
    };
  };

  config = mkIf cfg.enable (mkMerge [
    {
      assertions = [
        {
          assertion = cfg.user != "";
          message = "programs.lgview.user is empty: set it to the user who runs lgview (added to the kvm group, owner of the shared memory).";
        }
        {
          assertion = resolution != null;
          message = "programs.lgview.sharedMemory.maxResolution = \"${shm.maxResolution}\" is not WxH: write it like \"2560x1440\".";
        }
        {
          assertion = shm.sizeMiB == null || lgLib.isPowerOfTwo shm.sizeMiB;
          message = "programs.lgview.sharedMemory.sizeMiB = ${toString shm.sizeMiB} is not a power of two (QEMU's ivshmem needs one): use 32, 64, 128, 256, ... or null to compute it.";
        }
        {
          assertion = shm.kind != "kvmfr" || shm.kvmfrPackage != null;
          message = "programs.lgview.sharedMemory.kind = \"kvmfr\" but sharedMemory.kvmfrPackage is null (no module package): give a kvmfr package built for boot.kernelPackages, or use kind = \"shm\".";
        }
        {
          assertion = badIds == [ ];
          message = "programs.lgview.vfio.ids: ${concatStringsSep ", " badIds} not vendor:device ids: write them as lspci -nn prints them, 4 lower-case hex digits each, like \"10de:2204\".";
        }
        {
          assertion = cfg.vfio.bindAt != "vmStart" || cfg.libvirtHook.domains != [ ];
          message = "programs.lgview.vfio.bindAt = \"vmStart\" needs programs.lgview.libvirtHook.domains: the libvirt hook is what binds the devices at VM start (or use bindAt = \"boot\").";
        }
        {
          assertion = cfg.libvirtHook.domains == [ ] || config.virtualisation.libvirtd.enable;
          message = "programs.lgview.libvirtHook.domains is set but virtualisation.libvirtd.enable is false: enable libvirtd, or empty the domain list.";
        }
        {
          assertion = badDomains == [ ];
          message = "programs.lgview.libvirtHook.domains: ${concatStringsSep ", " badDomains} cannot name a profile file: no '/', no leading '.'.";
        }
        {
          assertion = !cfg.amdResetSuspendCycle.enable || cfg.amdResetSuspendCycle.devices != [ ];
          message = "programs.lgview.amdResetSuspendCycle.enable is true but amdResetSuspendCycle.devices is empty: list the GPU's PCI addresses, like \"0000:03:00.0\".";
        }
        {
          assertion = badAddresses == [ ];
          message = "programs.lgview.amdResetSuspendCycle.devices: ${concatStringsSep ", " badAddresses} not PCI addresses: write them like \"0000:03:00.0\" (lspci -D).";
        }
        {
          assertion = !cfg.amdResetSuspendCycle.enable || cfg.libvirtHook.domains != [ ];
          message = "programs.lgview.amdResetSuspendCycle needs programs.lgview.libvirtHook.domains: the hook starts the reset when one of those VMs stops.";
        }
      ];

      warnings =
        optional cfg.amdResetSuspendCycle.enable "programs.lgview.amdResetSuspendCycle suspends the whole host to RAM after the VM stops; a host that does not resume cleanly needs a reboot. Use it only for GPUs without a reset method (the AMD reset bug)."
        ++ optional (
          shm.sizeMiB != null && recommendedMiB != null && shm.sizeMiB < recommendedMiB
        ) "programs.lgview.sharedMemory.sizeMiB = ${toString shm.sizeMiB} is less than the ${toString recommendedMiB} MiB that ${shm.maxResolution}${optionalString shm.hdr " HDR"} frames need.";

      environment.systemPackages = [ cfg.package ];

      users.groups.kvm = { };
      users.users = mkIf (cfg.user != "") { ${cfg.user}.extraGroups = [ "kvm" ]; };

      # lgview reads /etc/lgview/lgview.ini before the user's own file.
      environment.etc."lgview/lgview.ini".text = ''
        [app]
        shmFile=${shmPath}
      '';

      boot.kernelParams =
        optionals (cfg.iommu == "intel") [
          "intel_iommu=on"
          "iommu=pt"
        ]
        ++ optionals (cfg.iommu == "amd") [
          "amd_iommu=on"
          "iommu=pt"
        ];
    }

    (mkIf (shm.kind == "kvmfr") {
      boot.extraModulePackages = optional (shm.kvmfrPackage != null) shm.kvmfrPackage;
      boot.kernelModules = [ "kvmfr" ];
      boot.extraModprobeConfig = ''
        options kvmfr static_size_mb=${toString sizeMiB}
      '';
      # Overrides the package's 99-kvmfr.rules (extraRules land in
      # 99-local.rules, read after it) to also give the viewer's user the node.
      services.udev.extraRules = ''
        SUBSYSTEM=="kvmfr", OWNER="${cfg.user}", GROUP="kvm", MODE="0660"
      '';
      virtualisation.libvirtd.qemu.verbatimConfig = mkIf cfg.libvirt.cgroupDeviceAcl ''
        namespaces = []
        cgroup_device_acl = [
          ${concatMapStringsSep ", " (d: "\"${d}\"") aclDevices}
        ]
      '';
    })

    (mkIf (shm.kind == "shm") {
      # Made empty at boot; QEMU (or lgctl hook's prepare) gives it its size.
      systemd.tmpfiles.rules = [ "f ${shm.path} 0660 ${cfg.user} kvm -" ];
    })

    (mkIf (cfg.vfio.bindAt == "boot" && cfg.vfio.ids != [ ]) {
      boot.kernelParams = [ "vfio-pci.ids=${concatStringsSep "," cfg.vfio.ids}" ];
      # In the initrd, so vfio-pci claims the devices before their own driver.
      boot.initrd.kernelModules = [
        "vfio_pci"
        "vfio"
        "vfio_iommu_type1"
      ];
    })

    (mkIf (cfg.vfio.bindAt == "vmStart" && cfg.libvirtHook.domains != [ ]) {
      # Binds nothing by itself (no ids), but lgctl hook only moves devices
      # to an already loaded vfio-pci.
      boot.kernelModules = [ "vfio_pci" ];
    })

    (mkIf (cfg.libvirtHook.domains != [ ]) {
      environment.etc = lib.listToAttrs (
        map (d: lib.nameValuePair "lgview/vms/${d}.ini" { text = profileText; }) cfg.libvirtHook.domains
      );
      virtualisation.libvirtd.hooks.qemu.lgview = hookScript;
    })

    (mkIf cfg.amdResetSuspendCycle.enable {
      # Started by the hook after release; never at boot.
      systemd.services.lgview-amd-reset = {
        description = "Reset GPUs without a reset method by suspending the host (lgview)";
        serviceConfig = {
          Type = "oneshot";
          ExecStart = "${lgctl} reset --suspend-cycle --wake 5 ${concatStringsSep " " cfg.amdResetSuspendCycle.devices}";
        };
      };
    })
  ]);
}
