//! The OpenAPI document as one HTML page: operations grouped by tag (method, path, what it
//! does, parameters, body, responses), then every schema with its fields. Read from the
//! document's JSON, so it shows exactly what `/openapi.json` says.

use std::fmt::Write as _;

use serde_json::Value;

const METHODS: [&str; 4] = ["get", "post", "put", "delete"];

const STYLE: &str = "body{font:15px/1.5 system-ui,sans-serif;max-width:980px;margin:0 auto;\
padding:24px;color:#1c1b1f}h1{font-size:28px}h2{margin-top:40px;border-bottom:2px solid #ddd}\
h3{font-size:16px;margin:28px 0 4px}code{font:13px ui-monospace,monospace}.m{display:inline-block;\
min-width:58px;font-weight:700;text-transform:uppercase}.get{color:#11633a}.post{color:#1d4ed8}\
.put{color:#8a4b00}.delete{color:#b3261e}table{border-collapse:collapse;width:100%;margin:6px 0}\
td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f5f5f5}\
nav a{margin-right:12px}p.d{margin:4px 0}";

/// The page for `doc` (the document as JSON).
pub fn render(doc: &Value) -> String {
    let mut out = String::with_capacity(128 * 1024);
    let title = text(&doc["info"]["title"]);
    let _ = write!(
        out,
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body><h1>{title}</h1>\
         <p>{}</p><p>The machine-readable document: <a href=\"/openapi.json\">/openapi.json</a>.</p>",
        inline(&text(&doc["info"]["description"])),
    );
    let tags: Vec<(String, String)> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| (text(&t["name"]), text(&t["description"])))
        .collect();
    out.push_str("<nav>");
    for (name, _) in &tags {
        let _ = write!(out, "<a href=\"#tag-{name}\">{name}</a>");
    }
    out.push_str("<a href=\"#schemas\">schemas</a></nav>");
    for (tag, description) in &tags {
        let _ = write!(
            out,
            "<h2 id=\"tag-{tag}\">{tag}</h2><p>{}</p>",
            inline(description)
        );
        for (path, item) in doc["paths"].as_object().into_iter().flatten() {
            for method in METHODS {
                let op = &item[method];
                let in_tag = op["tags"]
                    .as_array()
                    .is_some_and(|ts| ts.iter().any(|t| t == tag.as_str()));
                if in_tag {
                    operation(&mut out, method, path, op);
                }
            }
        }
    }
    out.push_str("<h2 id=\"schemas\">Schemas</h2>");
    for (name, schema) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        let _ = write!(
            out,
            "<h3 id=\"schema-{0}\"><code>{0}</code></h3>",
            escape(name)
        );
        schema_body(&mut out, schema);
    }
    out.push_str("</body></html>");
    out
}

fn operation(out: &mut String, method: &str, path: &str, op: &Value) {
    let _ = write!(
        out,
        "<h3><span class=\"m {method}\">{method}</span> <code>{}</code></h3>",
        escape(path)
    );
    for key in ["summary", "description"] {
        let t = text(&op[key]);
        if !t.is_empty() {
            let _ = write!(out, "<p class=\"d\">{}</p>", inline(&t));
        }
    }
    let credentials: Vec<String> = op["security"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            s.as_object()
                .and_then(|o| o.keys().next().cloned())
                .unwrap_or_else(|| "none".to_owned())
        })
        .collect();
    if !credentials.is_empty() {
        let _ = write!(
            out,
            "<p class=\"d\">Credentials: {}</p>",
            escape(&credentials.join(" or "))
        );
    }
    if let Some(params) = op["parameters"].as_array().filter(|p| !p.is_empty()) {
        out.push_str("<table><tr><th>parameter</th><th>in</th><th>type</th><th>about</th></tr>");
        for p in params {
            let _ = write!(
                out,
                "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&text(&p["name"])),
                if p["required"] == true { " *" } else { "" },
                escape(&text(&p["in"])),
                type_of(&p["schema"]),
                inline(&text(&p["description"])),
            );
        }
        out.push_str("</table>");
    }
    if let Some(body) = op["requestBody"]["content"].as_object() {
        for (media, content) in body {
            let _ = write!(
                out,
                "<p class=\"d\">Body ({}): {}</p>",
                escape(media),
                type_of(&content["schema"])
            );
        }
    }
    out.push_str("<table><tr><th>status</th><th>meaning</th><th>body</th></tr>");
    for (status, response) in op["responses"].as_object().into_iter().flatten() {
        let bodies: Vec<String> = response["content"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(media, c)| format!("{} ({})", type_of(&c["schema"]), escape(media)))
            .collect();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(status),
            inline(&text(&response["description"])),
            bodies.join("<br>"),
        );
    }
    out.push_str("</table>");
}

fn schema_body(out: &mut String, schema: &Value) {
    let description = text(&schema["description"]);
    if !description.is_empty() {
        let _ = write!(out, "<p class=\"d\">{}</p>", inline(&description));
    }
    if let Some(values) = schema["enum"].as_array() {
        let names: Vec<String> = values
            .iter()
            .map(|v| format!("<code>{}</code>", escape(&text(v))))
            .collect();
        let _ = write!(out, "<p class=\"d\">One of: {}</p>", names.join(", "));
        return;
    }
    if let Some(props) = schema["properties"].as_object() {
        let required: Vec<&str> = schema["required"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        out.push_str("<table><tr><th>field</th><th>type</th><th>about</th></tr>");
        for (name, p) in props {
            let _ = write!(
                out,
                "<tr><td><code>{}</code>{}</td><td>{}</td><td>{}</td></tr>",
                escape(name),
                if required.contains(&name.as_str()) {
                    " *"
                } else {
                    ""
                },
                type_of(p),
                inline(&text(&p["description"])),
            );
        }
        out.push_str("</table>");
        return;
    }
    let _ = write!(out, "<p class=\"d\">{}</p>", type_of(schema));
}

/// A short description of a schema: its type, a link to a named schema, or a list of them.
fn type_of(schema: &Value) -> String {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("<a href=\"#schema-{0}\">{0}</a>", escape(name));
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(items) = schema[key].as_array() {
            let parts: Vec<String> = items.iter().map(type_of).collect();
            return parts.join(" or ");
        }
    }
    let kind = match &schema["type"] {
        Value::String(s) => s.clone(),
        Value::Array(types) => types.iter().map(text).collect::<Vec<_>>().join(" or "),
        _ => "any".to_owned(),
    };
    if kind.starts_with("array") {
        return format!("array of {}", type_of(&schema["items"]));
    }
    if kind == "object" && schema["additionalProperties"].is_object() {
        return format!("map of {}", type_of(&schema["additionalProperties"]));
    }
    let mut s = escape(&kind);
    if let Some(values) = schema["enum"].as_array() {
        let names: Vec<String> = values.iter().map(|v| escape(&text(v))).collect();
        let _ = write!(s, ": {}", names.join(", "));
    }
    s
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Escaped text with `code` spans kept as code.
fn inline(s: &str) -> String {
    let mut out = String::new();
    for (i, part) in escape(s).split('`').enumerate() {
        if i % 2 == 1 {
            let _ = write!(out, "<code>{part}</code>");
        } else {
            out.push_str(part);
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_lists_operations_and_schemas_and_escapes_text() {
        let doc = serde_json::to_value(patron_api::openapi::document()).expect("json");
        let page = render(&doc);
        assert!(page.contains("<code>/v1/sites/{site}/faq/search</code>"));
        assert!(page.contains("id=\"schema-ErrorEnvelope\""));
        assert!(page.contains("<a href=\"#schema-SearchResponse\">SearchResponse</a>"));
        assert!(!page.contains("<script"));
        assert_eq!(inline("a `<b>` c"), "a <code>&lt;b&gt;</code> c");
    }
}
