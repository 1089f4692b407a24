# SPDX-License-Identifier: GPL-2.0-or-later
# Evaluates nix/module.nix with lib.evalModules against the stub NixOS
# options in stubs.nix, and nix/package.nix, nix/kvmfr.nix and
# nix/overlay.nix against stub package sets. test_nix.sh reads the results
# as JSON; the flake's checks use `allGood`. Nothing here builds anything:
# a full NixOS evaluation needs nixpkgs, which is not available offline.
{
  lib ? import <nixpkgs/lib>,
}:

let
  inherit (lib) filterAttrs mapAttrs;
  lgLib = import ../../nix/lib.nix { inherit lib; };

  eval =
    cfg:
    (lib.evalModules {
      modules = [
        ./stubs.nix
        ../../nix/module.nix
        cfg
      ];
    }).config;

  failedOf = c: map (a: a.message) (lib.filter (a: !a.assertion) c.assertions);

  # Everything a good configuration produces, flattened for grep: field
  # names are unique so that `"name":value` finds one field.
  summary =
    cfg:
    let
      c = eval cfg;
      etc = c.environment.etc;
    in
    {
      failed = failedOf c;
      warnings = c.warnings;
      modprobe = c.boot.extraModprobeConfig;
      udev = c.services.udev.extraRules;
      verbatim = c.virtualisation.libvirtd.qemu.verbatimConfig;
      ini = if etc ? "lgview/lgview.ini" then etc."lgview/lgview.ini".text else null;
      profiles = mapAttrs (_: e: e.text) (filterAttrs (n: _: lib.hasPrefix "lgview/vms/" n) etc);
      tmpfiles = c.systemd.tmpfiles.rules;
      kernelParams = c.boot.kernelParams;
      kernelModules = c.boot.kernelModules;
      initrdModules = c.boot.initrd.kernelModules;
      modulePackages = map (p: p.builtFrom or p.name) c.boot.extraModulePackages;
      hooks = mapAttrs (_: h: h.text or (toString h)) c.virtualisation.libvirtd.hooks.qemu;
      services = mapAttrs (_: s: s.serviceConfig.ExecStart or "") c.systemd.services;
      serviceWantedBy = mapAttrs (_: s: s.wantedBy) c.systemd.services;
      userGroups = mapAttrs (_: u: u.extraGroups) c.users.users;
      groups = lib.attrNames c.users.groups;
      systemPackages = map (p: p.name) c.environment.systemPackages;
      sizeMiB = c.programs.lgview.sharedMemory.effectiveSizeMiB;
    };

  base = extra: {
    imports = [ extra ];
    programs.lgview = {
      enable = true;
      user = "alice";
    };
  };
  withLibvirt = extra: {
    imports = [ (base extra) ];
    virtualisation.libvirtd.enable = true;
  };

  # Good configurations: none of them may fail an assertion.
  good = {
    disabled = summary { programs.lgview.user = "alice"; };
    kvmfr1080 = summary (base { });
    kvmfr2160hdr = summary (base {
      programs.lgview.sharedMemory = {
        maxResolution = "3840x2160";
        hdr = true;
      };
    });
    shm1440 = summary (base {
      programs.lgview.sharedMemory = {
        kind = "shm";
        maxResolution = "2560x1440";
      };
    });
    sizeGiven = summary (base {
      programs.lgview.sharedMemory.sizeMiB = 128;
    });
    sizeSmall = summary (base {
      programs.lgview.sharedMemory = {
        sizeMiB = 16;
        maxResolution = "2560x1440";
      };
    });
    noAcl = summary (base {
      programs.lgview.libvirt.cgroupDeviceAcl = false;
    });
    intelBoot = summary (base {
      programs.lgview = {
        iommu = "intel";
        vfio.ids = [
          "10de:2204"
          "10de:1aef"
        ];
      };
    });
    amdHookBoot = summary (withLibvirt {
      programs.lgview = {
        iommu = "amd";
        vfio.ids = [
          "1002:73bf"
          "1002:ab28"
        ];
        libvirtHook.domains = [ "win11" ];
      };
    });
    shmHookVmStart = summary (withLibvirt {
      programs.lgview = {
        sharedMemory = {
          kind = "shm";
          maxResolution = "2560x1440";
        };
        vfio = {
          ids = [
            "10de:2204"
            "10de:1aef"
          ];
          bindAt = "vmStart";
        };
        libvirtHook = {
          domains = [
            "win11"
            "gaming vm"
          ];
          resetDevices = true;
        };
      };
    });
    amdReset = summary (withLibvirt {
      programs.lgview = {
        vfio = {
          ids = [ "1002:73bf" ];
          bindAt = "vmStart";
        };
        libvirtHook.domains = [ "win11" ];
        amdResetSuspendCycle = {
          enable = true;
          devices = [
            "0000:03:00.0"
            "0000:03:00.1"
          ];
        };
      };
    });
  };

  # One broken configuration per assertion: only the failed messages are
  # read (the rest of such a configuration need not evaluate).
  bad = mapAttrs (_: cfg: { failed = failedOf (eval cfg); }) {
    noUser = {
      programs.lgview.enable = true;
    };
    badResolution = base { programs.lgview.sharedMemory.maxResolution = "1920*1080"; };
    notPowerOfTwo = base { programs.lgview.sharedMemory.sizeMiB = 96; };
    noKvmfrPackage = base { programs.lgview.sharedMemory.kvmfrPackage = null; };
    badIds = base {
      programs.lgview.vfio.ids = [
        "10de:2204"
        "10DE:1AEF"
        "10de2204"
      ];
    };
    vmStartNoDomains = base { programs.lgview.vfio.bindAt = "vmStart"; };
    domainsNoLibvirt = base { programs.lgview.libvirtHook.domains = [ "win11" ]; };
    badDomain = withLibvirt {
      programs.lgview.libvirtHook.domains = [
        "../etc"
        "a/b"
      ];
    };
    amdNoDevices = withLibvirt {
      programs.lgview = {
        libvirtHook.domains = [ "win11" ];
        amdResetSuspendCycle.enable = true;
      };
    };
    amdBadDevice = withLibvirt {
      programs.lgview = {
        libvirtHook.domains = [ "win11" ];
        amdResetSuspendCycle = {
          enable = true;
          devices = [ "03:00.0" ];
        };
      };
    };
    amdNoDomains = base {
      programs.lgview.amdResetSuspendCycle = {
        enable = true;
        devices = [ "0000:03:00.0" ];
      };
    };
  };

  # nix/lib.nix against the values kvmfr/include/kvmfr/region.h documents.
  sizes = lib.listToAttrs (
    lib.concatMap
      (r: [
        (lib.nameValuePair "${r}" (lgLib.recommendedSizeMiB { resolution = r; }))
        (lib.nameValuePair "${r}hdr" (lgLib.recommendedSizeMiB {
          resolution = r;
          hdr = true;
        }))
      ])
      [
        "1920x1080"
        "1920x1200"
        "2560x1440"
        "3840x2160"
      ]
  );

  # nix/package.nix and nix/kvmfr.nix with mkDerivation returning its
  # attributes and every dependency a name.
  stubStdenv.mkDerivation = f: if builtins.isFunction f then lib.fix f else f;
  names = ns: lib.genAttrs ns (n: n);
  packageAttrs = import ../../nix/package.nix (
    names [
      "cmake"
      "pkg-config"
      "scdoc"
      "SDL2"
      "libepoxy"
      "spice-gtk"
      "pipewire"
      "libdrm"
      "glib"
      "libvirt"
      "libxml2"
      "cmocka"
      "spice"
    ]
    // {
      inherit lib;
      stdenv = stubStdenv;
      xorg = lib.mapAttrs (n: _: "xorg.${n}") (names [
        "libX11"
        "libXext"
        "libXtst"
        "libXfixes"
        "libXi"
      ]);
    }
  );
  kernel = {
    version = "6.12.0";
    modDirVersion = "6.12.0";
    dev = "/nix/store/00000000000000000000000000000000-linux-6.12.0-dev";
    makeFlags = [ "ARCH=x86_64" ];
    moduleBuildDependencies = [ ];
  };
  kvmfrAttrs = import ../../nix/kvmfr.nix {
    inherit lib kernel;
    stdenv = stubStdenv;
  };
  keeps = src: rel: type: src.filter (toString src.origSrc + "/" + rel) type;

  package = {
    inherit (packageAttrs)
      pname
      version
      nativeBuildInputs
      buildInputs
      checkInputs
      cmakeFlags
      ;
    license = packageAttrs.meta.license.spdxId;
    inherit (packageAttrs.meta) mainProgram;
    platformsLinux = packageAttrs.meta.platforms == lib.platforms.linux;
    srcKeepsCMakeLists = keeps packageAttrs.src "CMakeLists.txt" "regular";
    srcDropsBuild = !(keeps packageAttrs.src "build-test" "directory");
  };
  kvmfr = {
    inherit (kvmfrAttrs)
      version
      makeFlags
      buildFlags
      sourceRoot
      installPhase
      ;
    license = kvmfrAttrs.meta.license.spdxId;
    srcKeepsKbuild = keeps kvmfrAttrs.src "module/Kbuild" "regular";
    srcKeepsUapi = keeps kvmfrAttrs.src "include/kvmfr/uapi.h" "regular";
    srcDropsLibrary = !(keeps kvmfrAttrs.src "src/region.c" "regular");
  };

  # nix/overlay.nix against a nixpkgs with kernelPackagesExtensions.
  overlay =
    let
      prev = {
        kernelPackagesExtensions = [ "existing" ];
        callPackage = file: _: "lgview from ${baseNameOf (toString file)}";
      };
      out = import ../../nix/overlay.nix prev prev;
      ext = lib.last out.kernelPackagesExtensions;
      kset.callPackage = file: _: "kvmfr from ${baseNameOf (toString file)}";
    in
    {
      lgview = out.lgview;
      keepsExisting = builtins.head out.kernelPackagesExtensions == "existing";
      kvmfr = (ext kset { }).kvmfr;
    };

  goodOk = lib.all (s: s.failed == [ ]) (lib.attrValues good);
  badOk = lib.all (s: s.failed != [ ]) (lib.attrValues bad);
in
{
  inherit
    good
    bad
    sizes
    package
    kvmfr
    overlay
    ;
  # For the flake's check: the fixed facts, without the text comparisons
  # test_nix.sh makes.
  allGood =
    goodOk
    && badOk
    && sizes == {
      "1920x1080" = 32;
      "1920x1080hdr" = 64;
      "1920x1200" = 32;
      "1920x1200hdr" = 64;
      "2560x1440" = 64;
      "2560x1440hdr" = 128;
      "3840x2160" = 128;
      "3840x2160hdr" = 256;
    }
    && good.kvmfr1080.modprobe == "options kvmfr static_size_mb=32\n"
    && good.kvmfr2160hdr.modprobe == "options kvmfr static_size_mb=256\n";
}
