//! Security schemes and OAuth flows.

use serde_json::Value;

use super::*;

impl Normalizer {
    pub(super) fn security_schemes(&mut self, v: &mut Value) -> Res {
        let Value::Object(map) = v else {
            return Err(self.err(format!("`securitySchemes` must be a mapping, found {}", kind_of(v))));
        };
        let mut unsupported = Vec::new();
        for (name, scheme) in map.iter_mut() {
            let keep = self.at(name, |n| n.ref_or_security_scheme(scheme))?;
            if !keep {
                unsupported.push(name.clone());
            }
        }
        for name in unsupported {
            map.shift_remove(&name);
        }
        Ok(())
    }

    /// Returns false for a scheme the model cannot hold (3.1 `mutualTLS`).
    pub(super) fn ref_or_security_scheme(&mut self, v: &mut Value) -> Result<bool, Error> {
        if v.get("$ref").is_some() {
            self.ref_or(v, |_, _| Ok(()))?;
            return Ok(true);
        }
        let Value::Object(map) = v else {
            return Err(self.err(format!("expected a security scheme (a mapping), found {}", kind_of(v))));
        };
        let kind = match map.get("type") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                return Err(self.at("type", |n| n.err(format!("`type` must be a string, found {}", kind_of(other)))))
            }
            None => return Err(self.err("security scheme is missing the required field `type`")),
        };
        const API_KEY: Obj = Obj {
            name: "securityScheme",
            fields: &[("type", F::Str), ("description", F::Str), ("name", F::Str), ("in", F::Str)],
            required: &["name", "in"],
        };
        const HTTP: Obj = Obj {
            name: "securityScheme",
            fields: &[("type", F::Str), ("description", F::Str), ("scheme", F::Str), ("bearerFormat", F::Str)],
            required: &["scheme"],
        };
        const OAUTH2: Obj = Obj {
            name: "securityScheme",
            fields: &[("type", F::Str), ("description", F::Str), ("flows", F::Obj(Normalizer::oauth_flows))],
            required: &["flows"],
        };
        const OPENID: Obj = Obj {
            name: "securityScheme",
            fields: &[("type", F::Str), ("description", F::Str), ("openIdConnectUrl", F::Str)],
            required: &["openIdConnectUrl"],
        };
        match kind.as_str() {
            "apiKey" => {
                if let Some(place) = map.get("in") {
                    if !matches!(place.as_str(), Some("query" | "header" | "cookie")) {
                        return Err(self.at("in", |n| n.err("an apiKey's `in` must be one of query, header, cookie")));
                    }
                }
                self.object(v, &API_KEY)?;
            }
            "http" => self.object(v, &HTTP)?,
            "oauth2" => self.object(v, &OAUTH2)?,
            "openIdConnect" => self.object(v, &OPENID)?,
            "mutualTLS" => {
                self.not_understood("securityScheme.mutualTLS".into());
                return Ok(false);
            }
            other => {
                return Err(self.at("type", |n| {
                    n.err(format!(
                        "unknown security scheme type {other:?} (expected one of apiKey, http, oauth2, openIdConnect)"
                    ))
                }))
            }
        }
        Ok(true)
    }

    pub(super) fn oauth_flows(&mut self, v: &mut Value) -> Res {
        const FLOWS: Obj = Obj {
            name: "oauthFlows",
            fields: &[
                ("implicit", F::Obj(Normalizer::oauth_flow)),
                ("password", F::Obj(Normalizer::oauth_flow)),
                ("clientCredentials", F::Obj(Normalizer::oauth_flow)),
                ("authorizationCode", F::Obj(Normalizer::oauth_flow)),
            ],
            required: &[],
        };
        self.object(v, &FLOWS)?;
        // Which URLs a flow needs depends on the flow.
        if let Value::Object(map) = v {
            for (flow, needs) in [
                ("implicit", &["authorizationUrl"][..]),
                ("password", &["tokenUrl"][..]),
                ("clientCredentials", &["tokenUrl"][..]),
                ("authorizationCode", &["authorizationUrl", "tokenUrl"][..]),
            ] {
                if let Some(Value::Object(f)) = map.get(flow) {
                    if let Some(missing) = needs.iter().find(|k| !f.contains_key(**k)) {
                        return Err(self.at(flow, |n| {
                            n.err(format!("the {flow} flow is missing the required field `{missing}`"))
                        }));
                    }
                }
            }
        }
        Ok(())
    }

    pub(super) fn oauth_flow(&mut self, v: &mut Value) -> Res {
        const FLOW: Obj = Obj {
            name: "oauthFlow",
            fields: &[
                ("authorizationUrl", F::Str),
                ("tokenUrl", F::Str),
                ("refreshUrl", F::Str),
                ("scopes", F::StrMap),
            ],
            required: &["scopes"],
        };
        self.object(v, &FLOW)
    }

    pub(super) fn discriminator(&mut self, v: &mut Value) -> Res {
        const DISCRIMINATOR: Obj = Obj {
            name: "discriminator",
            fields: &[("propertyName", F::Str), ("mapping", F::StrMap)],
            required: &["propertyName"],
        };
        self.object(v, &DISCRIMINATOR)
    }
}
