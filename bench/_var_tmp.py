import time, sys, gc, statistics
sys.path.insert(0,'..')
from exposition_fleet import build_fleet, ward_views
from collector.metrics import LabelCache
from collector.metrics import machine_lines as ml, families as F
from collector.metrics.textformat import format_value
now=time.time()
f=build_fleet(20000, now)
lc=LabelCache(); pairs=lc.pair(f.snapshot())

class Memo(dict):
    def __missing__(self, v):
        t = self[v] = format_value(v)
        return t

def probe_memo(g, pairs):
    name, get = g.family.name, g.value
    memo = Memo()
    return [f"{name}{prefix}{memo[v]}\n" for m, lab in pairs for p, prefix in zip(m.probes, lab.probes) if (v := get(p)) is not None]

def t(fn, *a):
    ts=[]
    for _ in range(9):
        s=time.perf_counter(); fn(*a); ts.append(time.perf_counter()-s)
    return round(min(ts),4)
for g in F.PROBE_GAUGES:
    print(g.family.name, t(ml.probe_lines, g, pairs), t(probe_memo, g, pairs))
