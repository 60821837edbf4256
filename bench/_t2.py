import time, sys, gc
sys.path.insert(0,'..')
from exposition_fleet import build_fleet, ward_views
from collector.metrics import render, LabelCache
from collector.metrics import machine_lines as ml, families as F
from collector.metrics.render import _block
now=time.time()
f=build_fleet(20000, now); v=ward_views(f)
lc=LabelCache(); render(f,v,None,now=now,labels=lc)
ms=f.snapshot()
def t(fn,*a):
    ts=[]
    for _ in range(5):
        s=time.perf_counter(); fn(*a); ts.append(time.perf_counter()-s)
    return round(min(ts)*1000,1)
print('snapshot', t(f.snapshot))
print('pair', t(lc.pair, ms))
pairs=lc.pair(ms)
print('key', t(lambda: [ml.label_key(m) for m in ms]))
print('up', t(ml.up_lines, pairs, now-300))
print('info', t(ml.info_lines, 0, pairs))
for g in F.AGENT_GAUGES: print(g.family.name, t(ml.agent_lines, g, pairs))
print('findings', t(ml.findings_lines, pairs))
for g in F.PROBE_GAUGES: print(g.family.name, t(ml.probe_lines, g, pairs))
x=ml.probe_lines(F.PROBE_GAUGES[1], pairs)
print('block', t(_block, F.PROBE_GAUGES[1].family, x))
print('total', t(render, f, v, None, now=now, labels=lc) if False else t(lambda: render(f,v,None,now=now,labels=lc)))
