from api_client import enroll, send, ndjson, admin_agents, metrics, samples
import json
def test_smoke(collector):
    a = enroll(collector.url, collector.secret)
    r = send(collector.url, a.token, ndjson(a.report(1), a.report(2, collected_at="2025-13-45T00:00:00Z")))
    print(r)
    r = send(collector.url, a.token, ndjson(a.report(3, hostname="pc\u0000x")))
    print(r)
    r = send(collector.url, a.token, ndjson(a.report(4, ward="x\u0000x")))
    print(r)
    r = send(collector.url, a.token, json.dumps(a.report(5, hostname="\ud800")).encode())
    print(r)
    print(admin_agents(collector.url, collector.admin_token)[a.agent_id])
    print(samples(metrics(collector.url), "wardwatch_machine_info"))
