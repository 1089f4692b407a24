#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# The Nix packaging, as far as it can be checked offline: every .nix file in
# the repository parses, and the NixOS module (nix/module.nix), evaluated
# with lib.evalModules against the NixOS options it sets (tests/nix/
# stubs.nix), writes exactly the lines lgview, lgctl, kvmfr and libvirt
# expect; each assertion fires for a configuration that breaks it and for no
# good one; the size rule matches kvmfr/include/kvmfr/region.h.
#
#   sh tests/nix/test_nix.sh [REPO]
#
# nixpkgs' lib comes from $NIXPKGS_LIB, else <nixpkgs/lib>, else
# REPO/../shared/nix/nixpkgs-lib/lib (or beside the repository REPO was cloned
# from). Exit 77 (skipped) without a lib, or
# without nix-instantiate unless CI is set (then that is a failure).
set -u

REPO=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
REPO=$(cd "$REPO" && pwd)
HERE=$REPO/tests/nix

if ! command -v nix-instantiate >/dev/null 2>&1; then
	if [ -n "${CI:-}" ]; then
		echo "FAIL: nix-instantiate not found and CI is set: install Nix (Debian: nix-bin, see scripts/deps.sh)"
		exit 1
	fi
	echo "skip: nix-instantiate not found (Debian: apt-get install nix-bin); the Nix packaging is not checked"
	exit 77
fi

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

# Nix 2.8 from Debian warns about the missing nixbld group on every call:
# harmless for evaluation, and kept out of what a failure shows.
nixi() {
	nix-instantiate --readonly-mode "$@" 2>"$tmp/err"
	rc=$?
	grep -v "nixbld" "$tmp/err" >&2
	return $rc
}

if [ -n "${NIXPKGS_LIB:-}" ]; then
	if ! nixi --eval -E "builtins.isFunction (import $NIXPKGS_LIB).evalModules" >/dev/null; then
		echo "FAIL: NIXPKGS_LIB=$NIXPKGS_LIB is not nixpkgs' lib"
		exit 1
	fi
	LIB="import $NIXPKGS_LIB"
	where="NIXPKGS_LIB=$NIXPKGS_LIB"
elif nix-instantiate --eval -E '<nixpkgs/lib>' >/dev/null 2>&1; then
	LIB="import <nixpkgs/lib>"
	where="<nixpkgs/lib>"
else
	# The shared copy beside the checkout, or beside the repository this
	# one was cloned from (CI tests a fresh clone made elsewhere).
	p=
	origin=$(git -C "$REPO" remote get-url origin 2>/dev/null || true)
	for base in "$REPO" ${origin:+"$origin"}; do
		if [ -f "$base/../shared/nix/nixpkgs-lib/lib/default.nix" ]; then
			p=$(cd "$base/../shared/nix/nixpkgs-lib/lib" && pwd)
			break
		fi
	done
	if [ -z "$p" ]; then
		echo "skip: no nixpkgs lib (set NIXPKGS_LIB, or add nixpkgs to NIX_PATH); the Nix packaging is not checked"
		exit 77
	fi
	LIB="import $p"
	where=$p
fi
echo "nixpkgs lib: $where"
echo "note: a full NixOS evaluation and a build (nix build, nixos-rebuild) are not possible offline;" \
	"this checks parsing and the module evaluated against stub NixOS options only"

fails=0
ok() { printf "ok: %s\n" "$*"; }
fail() {
	# printf, not echo: dash's echo would turn the JSON's \n into newlines.
	printf "FAIL: %s\n" "$1"
	shift
	for l in "$@"; do printf "  %s\n" "$l"; done
	fails=$((fails + 1))
}

# 1. Every .nix file parses (build trees and .git left out).
find "$REPO" -type d \( -name .git -o -name 'build*' -o -name result \) -prune -o -name '*.nix' -type f -print \
	>"$tmp/files"
n=0
while IFS= read -r f; do
	n=$((n + 1))
	rel=${f#"$REPO"/}
	if nixi --parse "$f" >/dev/null 2>"$tmp/perr"; then
		ok "parses: $rel"
	else
		fail "does not parse: $rel" "$(cat "$tmp/perr")"
	fi
done <"$tmp/files"
[ "$n" -gt 0 ] || fail "no .nix files found under $REPO"

# 2. Evaluations. One call per case; fields are then found in its JSON.
evaluate() { # ATTR -> $tmp/ATTR.json
	nixi --eval --strict --json "$HERE/eval.nix" --arg lib "$LIB" -A "$1" >"$tmp/$1.json" 2>"$tmp/eerr" ||
		{
			fail "evaluating $1" "$(cat "$tmp/eerr")"
			return 1
		}
}
# has ATTR DESCRIPTION '"field":JSON': the field is exactly that value.
has() {
	[ -f "$tmp/$1.json" ] || evaluate "$1" || return
	if grep -qF -e "$3," -e "$3}" "$tmp/$1.json" || grep -qxF -e "$3" "$tmp/$1.json"; then
		ok "$1: $2"
	else
		field=${3%%\":*}
		field=${field#\"}
		actual=$(nixi --eval --strict --json "$HERE/eval.nix" --arg lib "$LIB" -A "$1.$field" 2>&1)
		fail "$1: $2" "expected: $3" "actual:   \"$field\":$actual"
	fi
}
# lacks ATTR DESCRIPTION TEXT: TEXT appears nowhere in the case's JSON.
lacks() {
	[ -f "$tmp/$1.json" ] || evaluate "$1" || return
	if grep -qF -e "$3" "$tmp/$1.json"; then
		fail "$1: $2" "unexpected: $3" "in: $(cat "$tmp/$1.json")"
	else
		ok "$1: $2"
	fi
}

udev='"udev":"SUBSYSTEM==\"kvmfr\", OWNER=\"alice\", GROUP=\"kvm\", MODE=\"0660\"\n"'
acl='"verbatim":"namespaces = []\ncgroup_device_acl = [\n  \"/dev/null\", \"/dev/full\", \"/dev/zero\", \"/dev/random\", \"/dev/urandom\", \"/dev/ptmx\", \"/dev/kvm\", \"/dev/userfaultfd\", \"/dev/kvmfr0\"\n]\n"'
hook='"hooks":{"lgview":"exec /nix/store/00000000000000000000000000000000-lgview-0.1.0/bin/lgctl hook --profiles /etc/lgview/vms \"$@\"\n"}'
store=/nix/store/00000000000000000000000000000000

# Good configurations: no assertion fires.
for c in disabled kvmfr1080 kvmfr2160hdr shm1440 sizeGiven sizeSmall noAcl intelBoot amdHookBoot \
	shmHookVmStart amdReset; do
	has "good.$c" "no assertion fails" '"failed":[]'
done

# Disabled: nothing at all.
has good.disabled "nothing installed" '"systemPackages":[]'
has good.disabled "no lgview.ini" '"ini":null'
has good.disabled "no module" '"kernelModules":[]'

# kvmfr, 1920x1080 SDR: 32 MiB, node for alice and kvm, in libvirt's ACL.
has good.kvmfr1080 "static_size_mb=32" '"modprobe":"options kvmfr static_size_mb=32\n"'
has good.kvmfr1080 "kvmfr loaded at boot" '"kernelModules":["kvmfr"]'
has good.kvmfr1080 "kvmfr built for boot.kernelPackages" '"modulePackages":["kvmfr.nix"]'
has good.kvmfr1080 "udev rule" "$udev"
has good.kvmfr1080 "cgroup_device_acl: libvirt's defaults plus /dev/kvmfr0" "$acl"
has good.kvmfr1080 "lgview.ini shmFile=/dev/kvmfr0" '"ini":"[app]\nshmFile=/dev/kvmfr0\n"'
has good.kvmfr1080 "user in group kvm" '"userGroups":{"alice":["kvm"]}'
has good.kvmfr1080 "group kvm declared" '"groups":["kvm"]'
has good.kvmfr1080 "package installed" '"systemPackages":["lgview-0.1.0"]'
has good.kvmfr1080 "no /dev/shm file" '"tmpfiles":[]'
has good.kvmfr1080 "without the hook: no hook" '"hooks":{}'
has good.kvmfr1080 "without the hook: no profiles" '"profiles":{}'
has good.kvmfr1080 "no kernel parameters" '"kernelParams":[]'
has good.kvmfr1080 "no warning" '"warnings":[]'

# kvmfr, 3840x2160 HDR: 256 MiB.
has good.kvmfr2160hdr "static_size_mb=256" '"modprobe":"options kvmfr static_size_mb=256\n"'
has good.kvmfr2160hdr "effective size 256" '"sizeMiB":256'

# sizeMiB given, and one smaller than the resolution needs (a warning).
has good.sizeGiven "static_size_mb=128 as given" '"modprobe":"options kvmfr static_size_mb=128\n"'
has good.sizeSmall "static_size_mb=16 as given" '"modprobe":"options kvmfr static_size_mb=16\n"'
has good.sizeSmall "warns that 16 MiB is too small for 1440p" \
	'"warnings":["programs.lgview.sharedMemory.sizeMiB = 16 is less than the 64 MiB that 2560x1440 frames need."]'

# libvirt.cgroupDeviceAcl = false: NixOS's default verbatimConfig stays.
has good.noAcl "verbatimConfig left alone" '"verbatim":"namespaces = []\n"'

# /dev/shm at 2560x1440: a tmpfiles line, no kvmfr, no udev rule, no ACL.
has good.shm1440 "tmpfiles line" '"tmpfiles":["f /dev/shm/looking-glass 0660 alice kvm -"]'
has good.shm1440 "lgview.ini shmFile=/dev/shm/looking-glass" '"ini":"[app]\nshmFile=/dev/shm/looking-glass\n"'
has good.shm1440 "no kvmfr module package" '"modulePackages":[]'
has good.shm1440 "kvmfr not loaded" '"kernelModules":[]'
has good.shm1440 "no modprobe options" '"modprobe":""'
has good.shm1440 "no udev rule" '"udev":""'
has good.shm1440 "libvirt's verbatimConfig left at NixOS's default" '"verbatim":"namespaces = []\n"'
has good.shm1440 "effective size 64" '"sizeMiB":64'

# Intel IOMMU, devices bound at boot.
has good.intelBoot "intel_iommu=on iommu=pt vfio-pci.ids=" \
	'"kernelParams":["intel_iommu=on","iommu=pt","vfio-pci.ids=10de:2204,10de:1aef"]'
has good.intelBoot "vfio in the initrd" '"initrdModules":["vfio_pci","vfio","vfio_iommu_type1"]'

# AMD IOMMU, bound at boot, with the hook: the profile has no devices.
has good.amdHookBoot "amd_iommu=on iommu=pt vfio-pci.ids=" \
	'"kernelParams":["amd_iommu=on","iommu=pt","vfio-pci.ids=1002:73bf,1002:ab28"]'
has good.amdHookBoot "vfio in the initrd" '"initrdModules":["vfio_pci","vfio","vfio_iommu_type1"]'
has good.amdHookBoot "hook script runs lgctl hook" "$hook"
has good.amdHookBoot "profile: no devices (vfio-pci has them), kvmfr 32 MiB" \
	'"profiles":{"lgview/vms/win11.ini":"[vm]\ndevices=\nreset=false\n[shm]\npath=/dev/kvmfr0\nsize=32\nfor=1920x1080\nhdr=false\ngroup=kvm\nmode=0660\n"}'
lacks good.amdHookBoot "no suspend-cycle service" "lgview-amd-reset"

# Bound at VM start by the hook, /dev/shm at 1440p, two domains.
has good.shmHookVmStart "no vfio-pci.ids at boot" '"kernelParams":[]'
has good.shmHookVmStart "nothing in the initrd" '"initrdModules":[]'
has good.shmHookVmStart "vfio-pci loaded for lgctl" '"kernelModules":["vfio_pci"]'
has good.shmHookVmStart "hook script runs lgctl hook" "$hook"
has good.shmHookVmStart "profiles: devices, reset, /dev/shm 64 MiB, per domain" \
	'"profiles":{"lgview/vms/gaming vm.ini":"[vm]\ndevices=10de:2204;10de:1aef\nreset=true\n[shm]\npath=/dev/shm/looking-glass\nsize=64\nfor=2560x1440\nhdr=false\ngroup=kvm\nmode=0660\n","lgview/vms/win11.ini":"[vm]\ndevices=10de:2204;10de:1aef\nreset=true\n[shm]\npath=/dev/shm/looking-glass\nsize=64\nfor=2560x1440\nhdr=false\ngroup=kvm\nmode=0660\n"}'

# The AMD reset: a oneshot service, started by the hook after release end.
has good.amdReset "lgview-amd-reset runs lgctl reset --suspend-cycle" \
	"\"services\":{\"lgview-amd-reset\":\"$store-lgview-0.1.0/bin/lgctl reset --suspend-cycle --wake 5 0000:03:00.0 0000:03:00.1\"}"
has good.amdReset "the service is not started at boot" '"serviceWantedBy":{"lgview-amd-reset":[]}'
has good.amdReset "hook: lgctl hook, then the reset on release end for win11" \
	"\"hooks\":{\"lgview\":\"$store-lgview-0.1.0/bin/lgctl hook --profiles /etc/lgview/vms \\\"\$@\\\" || exit\n# After the devices went back: suspend-cycle the GPU, without\n# blocking libvirt (it waits for this script) while the host sleeps.\nif [ \\\"\$2\\\" = release ] && [ \\\"\$3\\\" = end ]; then\n  case \\\"\$1\\\" in\n    win11)\n      $store-systemd-257/bin/systemctl start --no-block lgview-amd-reset.service ;;\n  esac\nfi\n\"}"
has good.amdReset "warning: it suspends the whole host" \
	'"warnings":["programs.lgview.amdResetSuspendCycle suspends the whole host to RAM after the VM stops; a host that does not resume cleanly needs a reboot. Use it only for GPUs without a reset method (the AMD reset bug)."]'
has good.amdReset "profile with the device id" \
	'"profiles":{"lgview/vms/win11.ini":"[vm]\ndevices=1002:73bf\nreset=false\n[shm]\npath=/dev/kvmfr0\nsize=32\nfor=1920x1080\nhdr=false\ngroup=kvm\nmode=0660\n"}'

# 3. Each assertion fires for a configuration that breaks it.
fires() { # CASE MESSAGE-START: a failed assertion message begins so
	[ -f "$tmp/bad.$1.json" ] || evaluate "bad.$1" || return
	if grep -qF -e "\"$2" "$tmp/bad.$1.json"; then
		ok "bad.$1: assertion fires: $2..."
	else
		fail "bad.$1: assertion does not fire" "expected a message starting: $2" \
			"actual: $(cat "$tmp/bad.$1.json")"
	fi
}
fires noUser "programs.lgview.user is empty"
fires badResolution 'programs.lgview.sharedMemory.maxResolution = \"1920*1080\" is not WxH'
fires notPowerOfTwo "programs.lgview.sharedMemory.sizeMiB = 96 is not a power of two"
fires noKvmfrPackage 'programs.lgview.sharedMemory.kind = \"kvmfr\" but sharedMemory.kvmfrPackage is null'
fires badIds "programs.lgview.vfio.ids: 10DE:1AEF, 10de2204 not vendor:device ids"
fires vmStartNoDomains 'programs.lgview.vfio.bindAt = \"vmStart\" needs programs.lgview.libvirtHook.domains'
fires domainsNoLibvirt "programs.lgview.libvirtHook.domains is set but virtualisation.libvirtd.enable is false"
fires badDomain "programs.lgview.libvirtHook.domains: ../etc, a/b cannot name a profile file"
fires amdNoDevices "programs.lgview.amdResetSuspendCycle.enable is true but amdResetSuspendCycle.devices is empty"
fires amdBadDevice "programs.lgview.amdResetSuspendCycle.devices: 03:00.0 not PCI addresses"
fires amdNoDomains "programs.lgview.amdResetSuspendCycle needs programs.lgview.libvirtHook.domains"

# 4. The size rule against the C library's documented values.
has sizes "1920x1080: 32 MiB, HDR 64" '"1920x1080":32,"1920x1080hdr":64'
has sizes "1920x1200: 32 MiB, HDR 64" '"1920x1200":32,"1920x1200hdr":64'
has sizes "2560x1440: 64 MiB, HDR 128" '"2560x1440":64,"2560x1440hdr":128'
has sizes "3840x2160: 128 MiB, HDR 256" '"3840x2160":128,"3840x2160hdr":256'
region_h=$REPO/kvmfr/include/kvmfr/region.h
if grep -q "1080p and 1200p:" "$region_h" && grep -q "32 MiB (HDR 64); 1440p: 64 (128); 2160p: 128 (256)" "$region_h"; then
	ok "region.h still documents 32/64, 64/128, 128/256"
else
	fail "kvmfr/include/kvmfr/region.h no longer documents the sizes this test expects: update both"
fi

# 5. The package, the kernel module and the overlay against stub package sets.
has package "version from CMakeLists.txt" \
	"\"version\":\"$(sed -n 's/^project(lgview VERSION \([0-9.]*\).*/\1/p' "$REPO/CMakeLists.txt")\""
has package "license GPL-2.0-or-later" '"license":"GPL-2.0-or-later"'
has package "mainProgram lgview" '"mainProgram":"lgview"'
has package "Linux only" '"platformsLinux":true'
has package "cmake, pkg-config, scdoc" '"nativeBuildInputs":["cmake","pkg-config","scdoc"]'
has package "cmocka among the check inputs" '"checkInputs":["cmocka","spice","xorg.libXtst","xorg.libXi"]'
has package "source keeps CMakeLists.txt" '"srcKeepsCMakeLists":true'
has package "source drops build folders" '"srcDropsBuild":true'
has kvmfr "built against the kernel's build tree" \
	"\"makeFlags\":[\"ARCH=x86_64\",\"KVER=6.12.0\",\"KDIR=$store-linux-6.12.0-dev/lib/modules/6.12.0/build\"]"
has kvmfr "installed under kernel/drivers/misc" \
	'"installPhase":"runHook preInstall\ninstall -D -m 0444 kvmfr.ko \\\n  $out/lib/modules/6.12.0/kernel/drivers/misc/kvmfr.ko\nrunHook postInstall\n"'
has kvmfr "source keeps module/Kbuild" '"srcKeepsKbuild":true'
has kvmfr "source keeps the UAPI header" '"srcKeepsUapi":true'
has kvmfr "GPL-2.0-only, like its sources" '"license":"GPL-2.0-only"'
has overlay "adds lgview" '"lgview":"lgview from package.nix"'
has overlay "adds kvmfr to kernel package sets" '"kvmfr":"kvmfr from kvmfr.nix"'
has overlay "keeps earlier kernel package extensions" '"keepsExisting":true'
has allGood "the flake check's summary holds" 'true'

if [ "$fails" -gt 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "all Nix checks passed (evaluation only: no full NixOS evaluation or build was possible offline)"
exit 0
