# SPDX-License-Identifier: GPL-2.0-or-later
# Pure helpers shared by the package, the NixOS module and the tests. Only
# nixpkgs' `lib` is needed, so the tests can evaluate this file offline.
{ lib }:

let
  mib = 1048576;

  # The project version, read from the `project(lgview VERSION x.y.z ...)`
  # line of the top-level CMakeLists.txt, so that Nix and CMake never
  # disagree. The file is split into lines first: builtins.match must match
  # a whole string and `.` does not reliably cross newlines.
  versionFromCMake =
    file:
    let
      lines = lib.splitString "\n" (builtins.readFile file);
      found = lib.concatMap (
        l:
        let
          m = builtins.match "[[:space:]]*project\\(lgview VERSION ([0-9]+\\.[0-9]+\\.[0-9]+).*" l;
        in
        if m == null then [ ] else m
      ) lines;
    in
    if found == [ ] then
      throw "nix/lib.nix: no `project(lgview VERSION ...)` line in ${toString file}"
    else
      builtins.head found;

  # "2560x1440" -> { width = 2560; height = 1440; }, or null when the text is
  # not WxH with both numbers positive.
  parseResolution =
    text:
    let
      m = if builtins.isString text then builtins.match "([1-9][0-9]{0,5})x([1-9][0-9]{0,5})" text else null;
    in
    if m == null then
      null
    else
      {
        width = lib.toInt (builtins.elemAt m 0);
        height = lib.toInt (builtins.elemAt m 1);
      };

  # lgview's size rule (kvmfr_recommended_size() in kvmfr/src/shm_size.c,
  # the Looking Glass B7 rule): two frames of W*H*BPP bytes (BPP 4, or 8 for
  # HDR) plus 10 MiB of headroom, rounded up to a power of two starting at
  # 1 MiB. Exact bytes, not whole MiB, like the C code.
  recommendedBytes =
    {
      width,
      height,
      hdr ? false,
    }:
    let
      need = width * height * (if hdr then 16 else 8) + 10 * mib;
      grow = size: if size >= need then size else grow (size * 2);
    in
    grow mib;

  # The same in MiB, the unit of kvmfr's static_size_mb and lgctl's
  # [shm] size. Throws on a malformed resolution; callers check first.
  recommendedSizeMiB =
    {
      resolution,
      hdr ? false,
    }:
    let
      r = parseResolution resolution;
    in
    if r == null then
      throw "nix/lib.nix: '${toString resolution}' is not a resolution like 1920x1080"
    else
      recommendedBytes { inherit (r) width height; inherit hdr; } / mib;

  isPowerOfTwo = n: builtins.isInt n && n > 0 && (n == 1 || (lib.mod n 2 == 0 && isPowerOfTwo (n / 2)));

  # A PCI vendor:device id as vfio-pci.ids and lgctl take it (lower case,
  # the way lspci -nn prints it).
  isPciId = id: builtins.isString id && builtins.match "[0-9a-f]{4}:[0-9a-f]{4}" id != null;

  # A PCI address with its domain, as lgctl reset takes it: 0000:03:00.0.
  isPciAddress =
    a: builtins.isString a && builtins.match "[0-9a-f]{4}:[0-9a-f]{2}:[0-1][0-9a-f]\\.[0-7]" a != null;
in
{
  inherit
    mib
    versionFromCMake
    parseResolution
    recommendedBytes
    recommendedSizeMiB
    isPowerOfTwo
    isPciId
    isPciAddress
    ;
}
