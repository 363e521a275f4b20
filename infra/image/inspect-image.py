#!/usr/bin/env python3
"""Inspects and checks the platform image tarball that Jib writes (OCI image layout in a tar, or a
`docker save` tarball), with the standard library only: no Docker, no registry.

    python3 infra/image/inspect-image.py platform-api/target/jib-image.tar            # summary + checks
    python3 infra/image/inspect-image.py IMAGE.tar --extract /tmp/rootfs               # also unpack the layers

Prints the image name, config (user, entrypoint, cmd, working dir, ports, env, labels) and every layer
(compressed and uncompressed size, file count, top-level paths), then checks what the Kubernetes manifests
in infra/k8s rely on. Exit status 1 if a check fails.
"""
import argparse
import gzip
import io
import json
import os
import shutil
import stat
import sys
import tarfile

EXPECTED_PORT = "8080/tcp"
RUNTIME_UID = 185


def read_image(path):
    """Returns (name, config, [(digest, compressed_size, fileobj-opener)])."""
    outer = tarfile.open(path)
    members = {m.name.lstrip("./"): m for m in outer.getmembers()}

    def blob(name):
        return outer.extractfile(members[name]).read()

    if "index.json" in members:  # OCI image layout
        index = json.loads(blob("index.json"))
        desc = index["manifests"][0]
        name = desc.get("annotations", {}).get("org.opencontainers.image.ref.name", "?")
        manifest = json.loads(blob("blobs/" + desc["digest"].replace(":", "/")))
        config = json.loads(blob("blobs/" + manifest["config"]["digest"].replace(":", "/")))
        layers = [(l["digest"], l["size"], "blobs/" + l["digest"].replace(":", "/")) for l in manifest["layers"]]
        kind = "OCI image layout (" + manifest.get("mediaType", "?") + ")"
    elif "manifest.json" in members:  # docker save
        manifest = json.loads(blob("manifest.json"))[0]
        name = ",".join(manifest.get("RepoTags") or ["?"])
        config = json.loads(blob(manifest["Config"]))
        layers = [(l, members[l].size, l) for l in manifest["Layers"]]
        kind = "Docker archive (docker load)"
    else:
        sys.exit(f"{path}: neither an OCI layout (index.json) nor a docker archive (manifest.json)")
    return outer, members, kind, name, config, layers


def layer_tar(outer, members, member_name):
    raw = outer.extractfile(members[member_name]).read()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    return tarfile.open(fileobj=io.BytesIO(raw)), len(raw)


def extract(t, dest):
    """Applies one layer onto dest (whiteouts included), keeping modes; ownership is not applied."""
    for m in t.getmembers():
        name = os.path.normpath(m.name.lstrip("/"))
        if name.startswith(".."):
            continue
        base = os.path.basename(name)
        target = os.path.join(dest, name)
        if base == ".wh..wh..opq":
            d = os.path.dirname(target)
            for e in os.listdir(d) if os.path.isdir(d) else []:
                p = os.path.join(d, e)
                shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.remove(p)
            continue
        if base.startswith(".wh."):
            p = os.path.join(os.path.dirname(target), base[4:])
            if os.path.isdir(p) and not os.path.islink(p):
                shutil.rmtree(p)
            elif os.path.lexists(p):
                os.remove(p)
            continue
        if m.isdir():
            os.makedirs(target, exist_ok=True)
            os.chmod(target, m.mode & 0o7777)
        elif m.isfile():
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.lexists(target):
                os.remove(target)
            with t.extractfile(m) as src, open(target, "wb") as out:
                shutil.copyfileobj(src, out)
            os.chmod(target, m.mode & 0o7777)
        elif m.issym():
            os.makedirs(os.path.dirname(target), exist_ok=True)
            if os.path.lexists(target):
                os.remove(target)
            os.symlink(m.linkname, target)
        elif m.islnk():
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(os.path.join(dest, m.linkname.lstrip("/")), target)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tarball")
    ap.add_argument("--extract", metavar="DIR", help="unpack the layers into DIR (a root filesystem)")
    args = ap.parse_args()

    outer, members, kind, name, config, layers = read_image(args.tarball)
    c = config.get("config", {})
    print(f"image:       {name}")
    print(f"format:      {kind}")
    print(f"platform:    {config.get('os')}/{config.get('architecture')}  created {config.get('created')}")
    print(f"user:        {c.get('User')}")
    print(f"entrypoint:  {c.get('Entrypoint')}")
    print(f"cmd:         {c.get('Cmd')}")
    print(f"workdir:     {c.get('WorkingDir')}")
    print(f"ports:       {sorted((c.get('ExposedPorts') or {}).keys())}")
    print("env:")
    for e in c.get("Env") or []:
        print(f"  {e}")
    print("labels:")
    for k, v in sorted((c.get("Labels") or {}).items()):
        print(f"  {k}={v}")

    files = {}  # path -> TarInfo, last layer wins
    passwd = ""
    total_c = total_u = 0
    if args.extract:
        os.makedirs(args.extract, exist_ok=True)
    print("layers:")
    for i, (digest, csize, member) in enumerate(layers):
        t, usize = layer_tar(outer, members, member)
        ms = t.getmembers()
        tops = sorted({"/" + "/".join(m.name.lstrip("./").split("/")[:2]) for m in ms if m.isfile()})
        total_c += csize
        total_u += usize
        print(f"  {i}: {digest[:19]}  {csize / 2**20:7.1f} MiB gz  {usize / 2**20:7.1f} MiB tar  "
              f"{sum(1 for m in ms if m.isfile()):5d} files  {', '.join(tops[:6])}{' ...' if len(tops) > 6 else ''}")
        for m in ms:
            files["/" + os.path.normpath(m.name.lstrip("./"))] = m
            if m.isfile() and os.path.normpath(m.name.lstrip("./")) == "etc/passwd":
                passwd = t.extractfile(m).read().decode()
        if args.extract:
            extract(t, args.extract)
    print(f"total:       {total_c / 2**20:.1f} MiB compressed, {total_u / 2**20:.1f} MiB uncompressed, "
          f"{len(layers)} layers")

    failures = []

    def check(ok, what):
        print(f"  [{'ok' if ok else 'FAIL'}] {what}")
        if not ok:
            failures.append(what)

    def executable(path):
        m = files.get(path)
        return m is not None and m.isfile() and m.mode & stat.S_IXOTH

    print("checks:")
    user = str(c.get("User") or "")
    uid = user.split(":")[0]
    check(uid.isdigit() and int(uid) != 0, f"numeric non-root user (runAsNonRoot needs a number): {user!r}")
    check(uid == str(RUNTIME_UID), f"user is {RUNTIME_UID}, as runAsUser in infra/k8s")
    ep = c.get("Entrypoint") or []
    check(len(ep) >= 3 and ep[0].endswith("/java") and ep[-2:] == ["-jar", "/deployments/quarkus-run.jar"],
          "entrypoint is java ... -jar /deployments/quarkus-run.jar")
    check(not c.get("Cmd"), "no Cmd: Kubernetes `args` (e.g. [worker]) are the only arguments")
    check(EXPECTED_PORT in (c.get("ExposedPorts") or {}), f"exposes {EXPECTED_PORT}")
    check(bool(c.get("WorkingDir")), "working directory set")
    env = dict(e.split("=", 1) for e in c.get("Env") or [])
    check("JAVA_TOOL_OPTIONS" not in env, "JAVA_TOOL_OPTIONS not set in the image (the manifests set it)")
    check(env.get("DJL_OFFLINE") == "true", "DJL offline by default")
    check(env.get("ENGINE_CACHE_DIR", "").startswith(("/var/lib/warmstart", "/tmp")), "ENGINE_CACHE_DIR writable dir")
    check(any(k.startswith("org.opencontainers.image.") for k in c.get("Labels") or {}), "OCI labels")
    for p in ("/lib64/ld-linux-x86-64.so.2", ep[0] if ep else "/opt/java/openjdk/bin/java"):
        check(executable(p), f"{p} present and executable")
    for p in ("/lib/x86_64-linux-gnu/libc.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
              "/lib/x86_64-linux-gnu/libgcc_s.so.1", "/lib/x86_64-linux-gnu/libz.so.1",
              "/deployments/quarkus-run.jar", "/deployments/quarkus/quarkus-application.dat", "/etc/passwd"):
        check(p in files and files[p].isfile(), f"{p} present")
    for d in ("/tmp", "/var/lib/warmstart"):
        m = files.get(d)
        check(m is not None and m.isdir() and m.mode & 0o002, f"{d} exists and is world-writable")
    check(any(l.split(":")[2:3] == [str(RUNTIME_UID)] for l in passwd.splitlines()),
          f"/etc/passwd has an entry for uid {RUNTIME_UID} (user.home, user.name)")
    print("FAILED: " + "; ".join(failures) if failures else "all checks passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
