//! Security schemes → the client builder's credential methods.

use openapiv3::{APIKeyLocation, SecurityScheme};

use super::model::*;
use super::names::{method_ident, reserved, snake_ident, Scope};
use crate::config::GeneratorConfig;
use crate::error::pointer_token;
use crate::load::Loaded;
use crate::Error;

/// The credentials, then the config's client options, named in one builder scope.
/// A scheme the client cannot send (`digest`, a cookie, mutual TLS) is left
/// out with a line in `issues`: the spec stays usable, and the user sets
/// that credential through `extra_header` or the transport.
pub(super) fn schemes(
    loaded: &Loaded,
    config: &GeneratorConfig,
    issues: &mut Vec<(String, String)>,
) -> Result<(Vec<AuthScheme>, Vec<ClientOption>), Error> {
    let mut scope = Scope::with_reserved(reserved::BUILDER_METHODS);
    let auth = credentials(loaded, &mut scope, issues)?;
    let options = config
        .client_headers
        .iter()
        .map(|(method, h)| ClientOption { method: scope.claim(method), header: h.header.clone(), env: h.env.clone() })
        .collect();
    Ok((auth, options))
}

fn credentials(
    loaded: &Loaded,
    scope: &mut Scope,
    issues: &mut Vec<(String, String)>,
) -> Result<Vec<AuthScheme>, Error> {
    let doc = &loaded.doc;
    let Some(components) = &doc.components else { return Ok(Vec::new()) };
    // Every requirement alternative, global and per operation.
    let requirements: Vec<Vec<&String>> = doc
        .security
        .iter()
        .flatten()
        .chain(
            doc.paths
                .paths
                .values()
                .filter_map(|p| p.as_item())
                .flat_map(|p| p.iter())
                .flat_map(|(_, op)| op.security.iter().flatten()),
        )
        .map(|req| req.keys().collect())
        .collect();
    let in_every = |name: &String| !requirements.is_empty() && requirements.iter().all(|req| req.contains(&name));
    let default_scheme = doc
        .security
        .iter()
        .flatten()
        .next()
        .and_then(|req| req.keys().next())
        .filter(|name| components.security_schemes.contains_key(*name));
    let primary_count = components.security_schemes.keys().filter(|n| in_every(n)).count();

    let mut out = Vec::new();
    for (name, scheme) in &components.security_schemes {
        let pointer = format!("/components/securitySchemes/{}", pointer_token(name));
        let scheme = super::refs::follow(
            Some(&components.security_schemes),
            "#/components/securitySchemes/",
            scheme,
            "a security scheme",
        )
        .map_err(|message| loaded.error(&pointer, message))?;
        let (location, description) = match scheme {
            SecurityScheme::APIKey { location: APIKeyLocation::Header, name, description, .. } => {
                (AuthLocation::Header(name.clone()), description)
            }
            SecurityScheme::APIKey { location: APIKeyLocation::Query, name, description, .. } => {
                (AuthLocation::Query(name.clone()), description)
            }
            SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                (AuthLocation::Bearer, description)
            }
            SecurityScheme::HTTP { scheme, description, .. } if scheme.eq_ignore_ascii_case("basic") => {
                (AuthLocation::Basic, description)
            }
            SecurityScheme::OAuth2 { description, .. } | SecurityScheme::OpenIDConnect { description, .. } => {
                (AuthLocation::Bearer, description)
            }
            SecurityScheme::APIKey { location: APIKeyLocation::Cookie, .. } => {
                issues.push((pointer, "a credential in a cookie is not sent: set the `Cookie` header yourself".into()));
                continue;
            }
            SecurityScheme::HTTP { scheme, .. } => {
                let what = format!("HTTP `{scheme}` credentials are not sent: set the `Authorization` header yourself");
                issues.push((pointer, what));
                continue;
            }
        };
        // The SDKs' `Client::new(key)`: the first scheme the spec-wide requirement names,
        // else the one scheme every requirement needs.
        let primary = match default_scheme {
            Some(first) => first == name,
            None => primary_count == 1 && in_every(name),
        };
        let method = if primary {
            scope.claim("api_key")
        } else {
            scope.claim(&method_ident(&snake_ident(name), &[], reserved::BUILDER_LINT_PREFIXES))
        };
        out.push(AuthScheme { spec_name: name.clone(), method, location, description: description.clone(), primary });
    }
    Ok(out)
}
