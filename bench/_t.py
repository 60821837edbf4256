import time, sys, gc
sys.path.insert(0,'..')
from exposition_fleet import build_fleet, ward_views
from collector.metrics import render, InfoCache
now=time.time()
f=build_fleet(20000, now); v=ward_views(f)
lc=InfoCache(); render(f,v,None,now=now,info=lc)
def t():
    ts=[]
    for _ in range(5):
        s=time.perf_counter(); render(f,v,None,now=now,info=lc); ts.append(time.perf_counter()-s)
    return round(min(ts),3), round(sorted(ts)[2],3)
print('gc on', t()); gc.disable(); print('gc off', t()); gc.enable(); gc.freeze(); print('frozen', t())
