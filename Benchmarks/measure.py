#!/usr/bin/env python3
"""Measures Residue on the corpora that run.sh prepared; prints a table and writes results.json.

Called by run.sh, which passes everything in the environment (RESIDUE, BENCH_DIR, BENCH_RUNS, ...).
Timing: each command is started with posix_spawn and reaped with wait4, so a figure is wall time
from spawn to exit, and wait4's rusage gives the child's peak RSS as a cross-check of
/usr/bin/time's. Every figure is the median of BENCH_RUNS runs after one warm-up run (page cache
warm). Standard library only.
"""

import json
import os
import platform
import shutil
import stat
import statistics
import subprocess
import sys
import time

ENV = os.environ
BENCH_DIR = ENV["BENCH_DIR"]
RESIDUE = ENV["RESIDUE"]
RUNS = max(1, int(ENV.get("BENCH_RUNS", "5")))
STARTUP_RUNS = max(1, int(ENV.get("BENCH_STARTUP_RUNS", "30")))
SCALING = ENV.get("BENCH_SCALING", "0") == "1"
RIPGREP = ENV.get("BENCH_RIPGREP", "1") == "1"
RULE_ARGS = [a for a in ENV.get("BENCH_RULE_ARGS", "").split("\n") if a]
MB = 1e6

TARGETS = {
    "throughputMBps": 250.0,   # at least, on 2 cores with every rule on
    "ripgrepRatio": 2.0,       # at most: residue time / ripgrep time
    "peakRSSMB": 150.0,        # at most
    "startupMs": 30.0,         # at most, empty folder
    "tinyFilesPerSecond": 20000.0,  # at least
}


def say(message):
    print(f"bench: {message}", file=sys.stderr, flush=True)


def dev_null_ok():
    try:
        return stat.S_ISCHR(os.stat("/dev/null").st_mode)
    except OSError:
        return False


def machine_busy_seconds():
    """CPU seconds all processes have used so far (from /proc/stat; None where there is none)."""
    try:
        with open("/proc/stat") as f:
            fields = f.readline().split()[1:]
    except OSError:
        return None
    ticks = [int(x) for x in fields]
    # user nice system idle iowait irq softirq steal ...: everything but idle and iowait.
    busy = sum(ticks[:8]) - ticks[3] - ticks[4]
    return busy / os.sysconf("SC_CLK_TCK")


def run_once(cmd, ok=(0, 1)):
    """(wall seconds, peak RSS in KiB, exit status, CPU seconds) of one run; stdout to /dev/null."""
    err_path = os.path.join(BENCH_DIR, "last-stderr.txt")
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, "/dev/null", os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, err_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644),
    ]
    start = time.perf_counter()
    pid = os.posix_spawn(cmd[0], cmd, os.environ, file_actions=actions)
    _, wait_status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    status = os.waitstatus_to_exitcode(wait_status)
    if status not in ok:
        with open(err_path, errors="replace") as f:
            tail = f.read()[-2000:]
        raise SystemExit(f"bench: error: {' '.join(cmd)} exited with {status}\n{tail}")
    return elapsed, usage.ru_maxrss, status, usage.ru_utime + usage.ru_stime


def bench(label, cmd, runs=RUNS, warmup=1, ok=(0, 1)):
    say(f"{label}: {warmup} warm-up + {runs} runs: {' '.join(cmd)}")
    for _ in range(warmup):
        run_once(cmd, ok)
    times, rss, cpu = [], [], []
    busy_before, wall_before = machine_busy_seconds(), time.perf_counter()
    for _ in range(runs):
        elapsed, maxrss, _, cpu_seconds = run_once(cmd, ok)
        times.append(elapsed)
        rss.append(maxrss)
        cpu.append(cpu_seconds)
    # CPU time (user + system) does not grow when other processes compete for the cores. What the
    # machine used beyond our runs' CPU time, over the cores' capacity, is the share others took.
    other = None
    if busy_before is not None:
        capacity = (time.perf_counter() - wall_before) * (os.cpu_count() or 1)
        other = max(0.0, (machine_busy_seconds() - busy_before - sum(cpu)) / capacity)
    return {"command": cmd, "medianSeconds": statistics.median(times), "minSeconds": min(times),
            "maxSeconds": max(times), "runsSeconds": [round(t, 4) for t in times],
            "medianCPUSeconds": statistics.median(cpu), "runsCPUSeconds": [round(c, 4) for c in cpu],
            "maxRSSKiBByWait4": max(rss), "otherProcessesCPUShare": other}


def gnu_time_rss(cmd, ok=(0, 1)):
    """Peak RSS in KiB as `/usr/bin/time -f %M` reports it."""
    out = os.path.join(BENCH_DIR, "time-rss.txt")
    proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out] + cmd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if proc.returncode not in ok:
        raise SystemExit(f"bench: error: {' '.join(cmd)} exited with {proc.returncode}\n{proc.stderr.decode()[-2000:]}")
    with open(out) as f:
        lines = [line for line in f.read().split("\n") if line.strip()]
    return int(lines[-1])


def tree_size(root):
    files = size = 0
    for dirpath, dirnames, filenames in os.walk(root):
        for name in filenames:
            st = os.lstat(os.path.join(dirpath, name))
            if stat.S_ISREG(st.st_mode):
                files += 1
                size += st.st_size
    return files, size


def scan_cmd(corpus, *extra):
    # The report goes to standard output, which is /dev/null. Not `--output /dev/null`: residue
    # writes --output files atomically (temp file + rename), which as root replaces /dev/null.
    return [RESIDUE, "scan", corpus, "--format", "json"] + list(extra) + RULE_ARGS


def load_json(path, default=None):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return default


SECTIONS = ("scan", "rss", "startup", "threads", "tiny", "ripgrep", "scaling")


def wanted():
    """The sections BENCH_ONLY asks for (all by default; scaling only with BENCH_SCALING=1)."""
    only = [x.strip() for x in ENV.get("BENCH_ONLY", "").split(",") if x.strip()]
    unknown = [x for x in only if x not in SECTIONS]
    if unknown:
        raise SystemExit(f"bench: error: BENCH_ONLY: unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    chosen = set(only) if only else set(SECTIONS) - {"scaling"}
    if SCALING:
        chosen.add("scaling")
    return chosen


def main():
    if not dev_null_ok():
        raise SystemExit("bench: error: /dev/null is not a character device; restore it first "
                         "(rm /dev/null && mknod -m 666 /dev/null c 1 3)")
    sections = wanted()
    corpus = os.path.join(BENCH_DIR, "corpus-main")
    tiny = os.path.join(BENCH_DIR, "corpus-tiny")
    empty = os.path.join(BENCH_DIR, "corpus-empty")
    results = {"schemaVersion": 1, "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
               "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                           "loadAverageAtStart": os.getloadavg()[0]},
               "binary": RESIDUE, "runs": RUNS, "sections": sorted(sections)}
    rules = load_json(os.path.join(BENCH_DIR, "rules.json"), [])
    keywords_file = os.path.join(BENCH_DIR, "keywords.txt")
    with open(keywords_file) as f:
        keywords = [k for k in f.read().split("\n") if k]
    results["rules"] = {"set": ENV.get("RULES_LABEL", "built-in"), "builtinCount": int(ENV.get("builtin_count", "0")),
                        "count": len(rules), "keywords": len(keywords), "ruleArgs": RULE_ARGS}

    files, size = tree_size(corpus)
    manifest = load_json(os.path.join(BENCH_DIR, "corpus-main.manifest.json"), {})
    results["corpus"] = {"path": corpus, "files": files, "bytes": size, "binaryFiles": manifest.get("binaryFiles"),
                         "plantedSecrets": manifest.get("planted")}
    for name in SECTIONS:
        results[name] = None

    def per_bytes(run, nbytes, nfiles):
        t = run["medianSeconds"]
        run.update({"MBps": nbytes / MB / t, "filesPerSecond": nfiles / t,
                    "MBperCPUSecond": nbytes / MB / max(run["medianCPUSeconds"], 1e-9)})
        return run

    # 1. The main scan, default thread count. The warm-up writes a report for the summary.
    main_run = None
    if sections & {"scan", "ripgrep"}:
        report_path = os.path.join(BENCH_DIR, "report-main.json")
        say("warm-up scan of the main corpus (report kept in report-main.json)")
        run_once(scan_cmd(corpus, "--output", report_path))
        summary = (load_json(report_path, {}) or {}).get("summary", {})
        main_run = per_bytes(bench("scan", scan_cmd(corpus), warmup=0), size, files)
        main_run.update({"textMBps": summary.get("bytesScanned", 0) / MB / main_run["medianSeconds"],
                         "filesScanned": summary.get("filesScanned"), "bytesScanned": summary.get("bytesScanned"),
                         "skipped": summary.get("skipped"), "findings": summary.get("findings"),
                         "regexLimitHits": summary.get("regexLimitHits")})
        results["scan"] = main_run

    # 2. Peak RSS, as /usr/bin/time reports it.
    if "rss" in sections:
        say("peak RSS (/usr/bin/time -f %M)")
        rss_kib = gnu_time_rss(scan_cmd(corpus))
        results["rss"] = {"KiB": rss_kib, "MB": rss_kib * 1024 / MB, "MiB": rss_kib / 1024}

    # 3. Start-up on an empty folder.
    if "startup" in sections:
        start = bench("start-up", [RESIDUE, "scan", empty] + RULE_ARGS, runs=STARTUP_RUNS, warmup=3)
        start["medianMs"] = start["medianSeconds"] * 1000
        results["startup"] = start

    # 4. One versus two worker threads.
    if "threads" in sections:
        threads = {}
        for n in (1, 2):
            threads[str(n)] = per_bytes(bench(f"--threads {n}", scan_cmd(corpus, "--threads", str(n))), size, files)
        threads["speedup"] = threads["1"]["medianSeconds"] / threads["2"]["medianSeconds"]
        results["threads"] = threads

    # 5. Tiny files.
    if "tiny" in sections:
        tiny_files, tiny_bytes = tree_size(tiny)
        r = per_bytes(bench("tiny files", scan_cmd(tiny)), tiny_bytes, tiny_files)
        r.update({"files": tiny_files, "bytes": tiny_bytes})
        results["tiny"] = r

    # 6. ripgrep on the same tree, searching for the rule keywords.
    if "ripgrep" in sections:
        rg = shutil.which("rg")
        if RIPGREP and rg and keywords:
            cmd = [rg, "--no-ignore", "--hidden", "--no-config", "-F", "-i", "-c", "-f", keywords_file, corpus]
            r = per_bytes(bench("ripgrep", cmd, ok=(0, 1)), size, files)
            version = subprocess.run([rg, "--version"], capture_output=True, text=True).stdout.split("\n")[0]
            r.update({"version": version, "ratio": main_run["medianSeconds"] / r["medianSeconds"]})
            results["ripgrep"] = r
        else:
            say("ripgrep comparison skipped (" + ("no rg" if not rg else "no keywords" if not keywords else "BENCH_RIPGREP=0") + ")")

    # 7. Scaling: 1x, 2x, 4x (the 1x figure is the main scan's when that ran).
    if "scaling" in sections:
        rows = []
        for k in (1, 2, 4):
            if k == 1 and main_run is not None:
                r = main_run
            else:
                path = corpus if k == 1 else os.path.join(BENCH_DIR, f"corpus-{k}x")
                r = bench(f"scaling {k}x", scan_cmd(path))
            kf, kb = (files, size) if k == 1 else tree_size(os.path.join(BENCH_DIR, f"corpus-{k}x"))
            rows.append({"factor": k, "bytes": kb, "files": kf, "medianSeconds": r["medianSeconds"],
                         "medianCPUSeconds": r["medianCPUSeconds"], "maxRSSKiBByWait4": r["maxRSSKiBByWait4"],
                         "otherProcessesCPUShare": r.get("otherProcessesCPUShare")})
        for row in rows:
            row["MBps"] = row["bytes"] / MB / row["medianSeconds"]
            # Time per byte relative to 1x: 1.0 is perfectly linear. CPU time is the steadier of
            # the two when other processes share the machine.
            row["relativeCostPerByte"] = (row["medianSeconds"] / row["bytes"]) / (rows[0]["medianSeconds"] / rows[0]["bytes"])
            row["relativeCPUPerByte"] = (row["medianCPUSeconds"] / row["bytes"]) / (rows[0]["medianCPUSeconds"] / rows[0]["bytes"])
        worst = max(abs(row["relativeCostPerByte"] - 1) for row in rows)
        worst_cpu = max(abs(row["relativeCPUPerByte"] - 1) for row in rows)
        results["scaling"] = {"rows": rows, "linear": worst <= 0.15, "worstDeviation": worst,
                              "linearByCPUTime": worst_cpu <= 0.15, "worstCPUDeviation": worst_cpu}

    # Targets (None where the figure was not measured).
    def check(name, section, measured, target, ok):
        present = results.get(section) is not None
        return {"name": name, "measured": measured() if present else "n/a", "target": target,
                "met": ok() if present else None}
    results["targets"] = [
        check("throughput (default threads)", "scan", lambda: f"{results['scan']['MBps']:.0f} MB/s", ">= 250 MB/s",
              lambda: results["scan"]["MBps"] >= TARGETS["throughputMBps"]),
        check("time vs ripgrep", "ripgrep", lambda: f"{results['ripgrep']['ratio']:.2f}x", "<= 2x",
              lambda: results["ripgrep"]["ratio"] <= TARGETS["ripgrepRatio"]),
        check("peak RSS", "rss", lambda: f"{results['rss']['MiB']:.0f} MiB", "<= 150 MB",
              lambda: results["rss"]["MB"] <= TARGETS["peakRSSMB"]),
        check("start-up (empty folder)", "startup", lambda: f"{results['startup']['medianMs']:.1f} ms", "<= 30 ms",
              lambda: results["startup"]["medianMs"] <= TARGETS["startupMs"]),
        check("tiny files", "tiny", lambda: f"{results['tiny']['filesPerSecond']:,.0f} files/s", ">= 20,000 files/s",
              lambda: results["tiny"]["filesPerSecond"] >= TARGETS["tinyFilesPerSecond"]),
    ]
    results["machine"]["loadAverageAtEnd"] = os.getloadavg()[0]
    if not dev_null_ok():
        say("WARNING: /dev/null is no longer a character device after the run")

    out = os.path.join(BENCH_DIR, "results.json")
    with open(out, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print_table(results)
    print(f"\nresults: {out}")


def share(run):
    value = (run or {}).get("otherProcessesCPUShare")
    return "n/a" if value is None else f"{value * 100:.0f}%"


def print_table(r):
    c = r["corpus"]
    busiest = max([x.get("otherProcessesCPUShare") or 0 for x in
                   [r["scan"], r["startup"], r["tiny"], r["ripgrep"]] + ([r["threads"]["1"], r["threads"]["2"]] if r["threads"] else [])
                   if x] or [0])
    lines = [
        "",
        f"Residue benchmark  ({r['machine']['cpus']} CPUs, median of {r['runs']} runs after a warm-up, warm page cache)",
        f"rules: {r['rules']['count']} ({r['rules']['set']}), {r['rules']['keywords']} distinct keywords",
        f"corpus: {c['files']:,} files, {c['bytes'] / MB:,.1f} MB ({c.get('binaryFiles') or 0} binary), "
        f"{c.get('plantedSecrets') or 0} planted secrets",
    ]
    if busiest > 0.1:
        lines.append(f"WARNING: other processes took up to {busiest * 100:.0f}% of the CPUs during the runs: "
                     "wall-clock figures are pessimistic (CPU times are not)")
    lines += ["", f"{'measure':<36} {'value':>16}   detail", f"{'-' * 36} {'-' * 16}   {'-' * 30}"]
    s = r["scan"]
    if s:
        lines += [
            f"{'scan throughput (default threads)':<36} {s['MBps']:>11.1f} MB/s   {s['medianSeconds']:.2f} s; text only {s['textMBps']:.1f} MB/s",
            f"{'scan CPU time (user+sys)':<36} {s['medianCPUSeconds']:>14.2f} s    {s['MBperCPUSecond']:.1f} MB per CPU-second",
            f"{'scan files/s':<36} {s['filesPerSecond']:>16,.0f}   {s.get('filesScanned')} scanned, skipped {s.get('skipped')}",
            f"{'findings':<36} {s.get('findings')!s:>16}   regex limit hits {s.get('regexLimitHits')}",
        ]
    if r["rss"]:
        lines.append(f"{'peak RSS (/usr/bin/time %M)':<36} {r['rss']['MiB']:>12.1f} MiB")
    if r["startup"]:
        u = r["startup"]
        lines.append(f"{'start-up, empty folder':<36} {u['medianMs']:>14.1f} ms   min {u['minSeconds'] * 1000:.1f} ms, CPU {u['medianCPUSeconds'] * 1000:.1f} ms")
    if r["threads"]:
        t1, t2 = r["threads"]["1"], r["threads"]["2"]
        lines += [
            f"{'--threads 1':<36} {t1['MBps']:>11.1f} MB/s   {t1['medianSeconds']:.2f} s, CPU {t1['medianCPUSeconds']:.2f} s",
            f"{'--threads 2':<36} {t2['MBps']:>11.1f} MB/s   {t2['medianSeconds']:.2f} s, CPU {t2['medianCPUSeconds']:.2f} s; speed-up {r['threads']['speedup']:.2f}x",
        ]
    if r["tiny"]:
        lines.append(f"{'tiny files':<36} {r['tiny']['filesPerSecond']:>9,.0f} files/s   {r['tiny']['files']:,} files in {r['tiny']['medianSeconds']:.2f} s, CPU {r['tiny']['medianCPUSeconds']:.2f} s")
    if r["ripgrep"]:
        g = r["ripgrep"]
        lines.append(f"{'ripgrep -F -i (rule keywords)':<36} {g['MBps']:>11.1f} MB/s   {g['medianSeconds']:.2f} s, CPU {g['medianCPUSeconds']:.2f} s ({g['version']})")
        lines.append(f"{'residue / ripgrep time':<36} {g['ratio']:>15.2f}x")
    if r["scaling"]:
        for row in r["scaling"]["rows"]:
            lines.append(f"{'scaling ' + str(row['factor']) + 'x':<36} {row['medianSeconds']:>14.2f} s    "
                         f"{row['bytes'] / MB:,.0f} MB, {row['MBps']:.1f} MB/s; per byte: time {row['relativeCostPerByte']:.2f}x, "
                         f"CPU {row['relativeCPUPerByte']:.2f}x of 1x")
        lines.append(f"{'scaling linear (within 15%)':<36} {'yes' if r['scaling']['linear'] else 'NO':>16}   "
                     f"by CPU time: {'yes' if r['scaling']['linearByCPUTime'] else 'NO'}")
    parts = [("scan", r["scan"]), ("tiny", r["tiny"]), ("start-up", r["startup"]), ("ripgrep", r["ripgrep"])]
    if r["threads"]:
        parts[1:1] = [("threads 1", r["threads"]["1"]), ("threads 2", r["threads"]["2"])]
    if r["scaling"]:
        parts += [(f"{row['factor']}x", row) for row in r["scaling"]["rows"]]
    lines.append("CPU share taken by other processes: " + ", ".join(f"{n} {share(x)}" for n, x in parts if x))
    lines += ["", "targets:"]
    for t in r["targets"]:
        verdict = "not measured" if t["met"] is None else ("met" if t["met"] else "MISSED")
        lines.append(f"  {t['name']:<34} {t['measured']:>18}  target {t['target']:<18} {verdict}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
