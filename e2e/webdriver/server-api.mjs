// What the server holds, read over its HTTP API as the retailer's backend would (the demo
// site's admin key, the demo member tokens). Sent straight to the server, not through the proxy.

// `--demo` gives the demo site this admin key (content/demo/site.yaml holds only its hash).
const ADMIN = { authorization: 'Bearer demo-admin-key' };

export class ServerApi {
  constructor(base) {
    this.base = base;
  }

  async json(path, init = {}) {
    const res = await fetch(`${this.base}${path}`, init);
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }

  /** The survey report's `all` row for `survey`, over what happened since `from` (unix ms). */
  async surveyRow(from, survey) {
    const { rows } = await this.json(`/v1/admin/sites/demo/reports/surveys?from=${from}`, { headers: ADMIN });
    return rows.find((r) => r.survey_id === survey && r.dimension === 'all') ?? { displays: 0, responses: 0 };
  }

  /** The welcome guide's progress of an anonymous device on the shop. */
  async welcomeProgress(device) {
    return (await this.json(`/v1/sites/demo/onboarding/packs/welcome?device=${device}&surface=embed`)).progress;
  }
}
