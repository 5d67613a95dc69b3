def test_probe(client, tenant):
    for fn, ln, em in (("Žydrūnas", "Šimkus", "zs@example.com"), ("Ūla", "Ėmaitė", "ue@example.com")):
        r = client.post("/v1/candidates", headers=tenant.headers, json={"jobPositionId": tenant.position_id, "firstName": fn, "lastName": ln, "email": em})
        assert r.status_code == 201
    for q in ("žyd", "ŽYD", "šim", "Šim", "ūla", "ėmai"):
        r = client.get("/v1/candidates", headers=tenant.headers, params={"jobPositionId": tenant.position_id, "q": q})
        print(q, [c["firstName"] for c in r.json()["data"]])
