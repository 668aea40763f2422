#!/usr/bin/env python3
"""Start-to-ready of a published runtime: time from exec to the first 200 on /v2/health/ready, and RSS then.

Usage: bench/runtime/start.py <path to Model.Runtime> [runs=10]
Serves a one-model contract (y = Identity(x), FP32 [n]); polls every 1 ms over a kept-alive connection.
Prints each run and the medians; CPU is the process's user + system time until ready (less sensitive than the
wall time to other load on the machine).
"""
import base64, http.client, json, os, socket, statistics, subprocess, sys, tempfile, time

MODEL = "CAgSD3B1Ymxpc2gtcnVudGltZTpBChQKAXgSAXkaAm4wIghJZGVudGl0eRIFc21va2VaEAoBeBILCgkIARIFCgMSAW5iEAoBeRILCgkIARIFCgMSAW5CBAoAEBE="
CONTRACT = {
    "formatVersion": 1,
    "models": [{"name": "identity", "versions": ["1"], "platform": "onnx_onnxv1",
                "inputs": [{"name": "x", "datatype": "FP32", "shape": [-1]}],
                "outputs": [{"name": "y", "datatype": "FP32", "shape": [-1]}]}],
    "modelDetails": [{"name": "identity", "file": "files/identity.onnx"}],
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def one_run(executable, contract):
    port = free_port()
    env = dict(os.environ, MODEL_CONTRACT=contract, MODEL_PORT=str(port), MODEL_GRPC_PORT=str(free_port()),
               MODEL_BIND_ADDRESS="127.0.0.1")
    started = time.perf_counter()
    process = subprocess.Popen([executable], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/v2/health/ready")
                if conn.getresponse().status == 200:
                    ready = time.perf_counter() - started
                    return ready * 1000, rss_kib(process.pid), cpu_ms(process.pid)
            except OSError:
                pass
            if process.poll() is not None:
                raise SystemExit(f"runtime exited with {process.returncode}")
            time.sleep(0.001)
    finally:
        process.terminate()
        process.wait()


def main():
    executable, runs = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10
    folder = tempfile.mkdtemp(prefix="start-bench-")
    os.makedirs(f"{folder}/files")
    with open(f"{folder}/files/identity.onnx", "wb") as f:
        f.write(base64.b64decode(MODEL))
    with open(f"{folder}/contract.json", "w") as f:
        json.dump(CONTRACT, f)
    results = [one_run(executable, f"{folder}/contract.json") for _ in range(runs)]
    for ms, rss, cpu in results:
        print(f"start-to-ready {ms:.1f} ms, CPU {cpu:.0f} ms, RSS {rss / 1024:.1f} MiB")
    print(f"median: start-to-ready {statistics.median(r[0] for r in results):.1f} ms, "
          f"CPU {statistics.median(r[2] for r in results):.0f} ms, "
          f"RSS {statistics.median(r[1] for r in results) / 1024:.1f} MiB ({runs} runs)")


main()
