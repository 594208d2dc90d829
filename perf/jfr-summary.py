#!/usr/bin/env python3
"""Summarises the CPU samples of a JFR recording (jdk.ExecutionSample) of a Voltgate process:
self time by component (top frame), inclusive time by component, Voltgate methods inclusive, hottest
methods. Usage: perf/jfr-summary.py RECORDING.jfr [path/to/jfr]  (the jfr tool of JDK 17+).
Record with VOLTGATE_JAVA_OPTS="... -XX:StartFlightRecording=delay=60s,duration=30s,filename=gw.jfr,settings=profile"."""
import json, sys, collections, subprocess
f=sys.argv[1]
jfr=sys.argv[2] if len(sys.argv)>2 else 'jfr'
out=subprocess.run([jfr,'print','--json','--stack-depth','64','--events','jdk.ExecutionSample',f],capture_output=True,text=True).stdout
ev=json.loads(out)['recording']['events']
n=len(ev)
def grp(m):
    c=m['type']['name'].replace('/','.')
    for p,g in [('io.voltgate','voltgate'),('com.networknt','schema validation (networknt)'),('com.fasterxml.jackson','jackson (JSON parse/write)'),('io.vertx.redis','vertx redis client'),('io.vertx.sqlclient','vertx sql client'),('io.vertx.pgclient','vertx pg client'),('io.micrometer','micrometer'),('io.netty','netty'),('io.vertx.core.http','vertx http/websocket'),('io.vertx','vertx core'),('java.','jdk'),('jdk.','jdk'),('sun.','jdk')]:
        if c.startswith(p): return g
    return 'other'
selfc=collections.Counter(); incl=collections.Counter(); meth=collections.Counter(); vgincl=collections.Counter()
for e in ev:
    fr=e['values']['stackTrace']['frames'] if e['values'].get('stackTrace') else []
    if not fr: continue
    top=fr[0]['method']
    selfc[grp(top)]+=1
    meth[top['type']['name']+'.'+top['name']]+=1
    seen=set()
    for x in fr:
        g=grp(x['method'])
        if g not in seen: incl[g]+=1; seen.add(g)
    vs=set()
    for x in fr:
        m=x['method']; nm=m['type']['name'].replace('/','.')
        if nm.startswith('io.voltgate'):
            k=nm.rsplit('.',1)[-1].split('$')[0]+'.'+m['name']
            if k not in vs: vgincl[k]+=1; vs.add(k)
print(f"samples: {n}")
print("self time by component (top frame):")
for k,v in selfc.most_common(): print(f"  {k:34s} {v:6d} {100*v/n:5.1f}%")
print("inclusive (component anywhere on the stack):")
for k,v in incl.most_common(): print(f"  {k:34s} {v:6d} {100*v/n:5.1f}%")
print("voltgate methods, inclusive (top 15):")
for k,v in vgincl.most_common(15): print(f"  {k:60s} {v:6d} {100*v/n:5.1f}%")
print("hottest methods, self (top 12):")
for k,v in meth.most_common(12): print(f"  {k:90s} {v:6d} {100*v/n:5.1f}%")
