//! IR → the spec module's `Client`, its builder, and `resources.rs`
//! (namespaces and one method per operation).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attrs, one_line};
use super::features::{cfg, gate, predicate};
use super::types::{ident, rust_type};
use crate::ir::*;

pub fn client_module(api: &Api, crate_name: &str) -> TokenStream {
    let module_docs = super::docs::inner_doc_attrs(super::quick_start::module_docs(api, crate_name));
    let base_url = api.base_url.clone().unwrap_or_default();
    let title = format!(" Client for the {} (version {}).", one_line(&api.title), one_line(&api.version));
    let primary = api.auth.iter().find(|a| a.primary);
    let auth_methods = api.auth.iter().map(|a| {
        let method = ident(&a.method);
        let doc = doc_attrs(&match (&a.location, &a.description) {
            (AuthLocation::Bearer, d) => format!(
                "`{}` credential, sent as `Authorization: Bearer …`.{}",
                a.spec_name,
                d.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default()
            ),
            (AuthLocation::Basic, d) => format!(
                "`{}` credentials, `user:password`, sent base64-encoded as `Authorization: Basic …` (RFC 7617).{}",
                a.spec_name,
                d.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default()
            ),
            (AuthLocation::Header(h), d) => format!(
                "`{}` credential, sent in the `{h}` header.{}",
                a.spec_name,
                d.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default()
            ),
            (AuthLocation::Query(q), d) => format!(
                "`{}` credential, sent as the `{q}` query parameter.{}",
                a.spec_name,
                d.as_deref().map(|d| format!("\n\n{d}")).unwrap_or_default()
            ),
        });
        let set = match &a.location {
            AuthLocation::Bearer => quote! { self.config.bearer_auth(value) },
            AuthLocation::Basic => quote! { self.config.basic_auth(value) },
            AuthLocation::Header(h) => quote! { self.config.api_key_header(#h, value) },
            AuthLocation::Query(q) => quote! { self.config.api_key_query(#q, value) },
        };
        quote! {
            #doc
            pub fn #method(mut self, value: impl Into<String>) -> Self {
                self.config = #set;
                self
            }
        }
    });
    let (new_fn, default_impl) = match primary {
        Some(p) => {
            let method = ident(&p.method);
            (
                quote! {
                    /// A client for the default server, authenticated with `api_key`.
                    ///
                    /// Panics only if the HTTP client cannot be initialised (no TLS backend);
                    /// use [`Client::builder`] to handle that as an error.
                    pub fn new(api_key: impl Into<String>) -> Self {
                        Self::builder().#method(api_key).build().expect("the default HTTP client configuration is valid")
                    }
                },
                quote! {},
            )
        }
        None => (
            quote! {
                /// A client for the default server, without credentials.
                pub fn new() -> Self {
                    Self::builder().build().expect("the default HTTP client configuration is valid")
                }
            },
            quote! {
                impl Default for Client {
                    fn default() -> Self {
                        Self::new()
                    }
                }
            },
        ),
    };
    let base_url_var = &api.env.base_url;
    // The config's `user_agent`, else `<crate>/<version>` of the crate the
    // client is in (not the runtime's: that may be a crate of its own, `emit/crates.rs`).
    let user_agent = match &api.user_agent {
        Some(ua) => quote! { #ua },
        None => quote! { concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")) },
    };
    let (from_env_doc, key_step) = match (&api.env.api_key, primary) {
        (Some(var), Some(p)) => {
            let method = ident(&p.method);
            let missing = format!("the environment variable {var} is not set");
            (
                format!(
                    " A client configured as the official SDKs do: the key from `{var}` (an error when \
                     it is not set) and the server from `{base_url_var}` when set, else the spec's."
                ),
                quote! {
                    let key = std::env::var(#var).map_err(|_| runtime::Error::Config(#missing.into()))?;
                    builder = builder.#method(key);
                },
            )
        }
        _ => (format!(" A client for the server in `{base_url_var}` when set, else the spec's."), quote! {}),
    };
    let option_methods = api.client_options.iter().map(|o| {
        let method = ident(&o.method);
        let header = &o.header;
        let doc = match &o.env {
            Some(var) => format!(" Sends `{header}` with every request (`Client::from_env` reads it from `{var}`)."),
            None => format!(" Sends `{header}` with every request."),
        };
        quote! {
            #[doc = #doc]
            pub fn #method(mut self, value: impl Into<String>) -> Self {
                self.config = self.config.header(#header, value);
                self
            }
        }
    });
    let option_env = api.client_options.iter().filter_map(|o| {
        let method = ident(&o.method);
        let var = o.env.as_ref()?;
        Some(quote! {
            if let Some(value) = std::env::var(#var).ok().filter(|value| !value.is_empty()) {
                builder = builder.#method(value);
            }
        })
    });
    let option_vars: Vec<String> =
        api.client_options.iter().filter_map(|o| Some(format!("`{}` ({})", o.env.as_ref()?, o.header))).collect();
    let from_env_doc = if option_vars.is_empty() {
        from_env_doc
    } else {
        format!("{from_env_doc} Also reads {} when set.", option_vars.join(", "))
    };
    let from_env = quote! {
        #[doc = #from_env_doc]
        pub fn from_env() -> Result<Self, runtime::Error> {
            let mut builder = Self::builder();
            if let Some(url) = std::env::var(#base_url_var).ok().filter(|url| !url.is_empty()) {
                builder = builder.base_url(url);
            }
            #key_step
            #(#option_env)*
            builder.build()
        }
    };
    // A spec without operations has nothing to send: its client only checks the configuration.
    let build = if api.operations.is_empty() {
        quote! {
            self.config.build()?;
            Ok(Client { operations: Operations {} })
        }
    } else {
        quote! { Ok(Client { operations: Operations { transport: std::sync::Arc::new(self.config.build()?) } }) }
    };
    quote! {
        #module_docs
        pub mod models;
        mod resources;
        pub use resources::*;

        use std::time::Duration;

        use crate::runtime;

        #[doc = #title]
        ///
        /// The spec's operations and namespaces are methods of [`Operations`], which a
        /// `Client` derefs to: a spec path `/builder` or `/new` is `client.builder()`
        /// beside `Client::builder()`, never a clash.
        #[derive(Debug, Clone)]
        pub struct Client {
            operations: Operations,
        }

        impl std::ops::Deref for Client {
            type Target = Operations;

            fn deref(&self) -> &Operations {
                &self.operations
            }
        }

        impl Client {
            /// The spec's default server.
            pub const DEFAULT_BASE_URL: &'static str = #base_url;

            #new_fn

            #from_env

            /// Configures base URL, credentials, headers, timeout and retries.
            pub fn builder() -> ClientBuilder {
                ClientBuilder { config: runtime::Config::new(Self::DEFAULT_BASE_URL).header("User-Agent", #user_agent) }
            }

        }

        #default_impl

        /// Builder of a [`Client`].
        #[derive(Debug, Clone)]
        pub struct ClientBuilder {
            config: runtime::Config,
        }

        impl ClientBuilder {
            /// Another server, e.g. a self-hosted gateway.
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.config = self.config.base_url(url);
                self
            }

            /// A header sent with every request.
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.config = self.config.header(name, value);
                self
            }

            /// Timeout of each attempt.
            pub fn timeout(mut self, timeout: Duration) -> Self {
                self.config = self.config.timeout(timeout);
                self
            }

            /// Retries after a retryable failure (default 2).
            pub fn max_retries(mut self, max_retries: u32) -> Self {
                self.config = self.config.max_retries(max_retries);
                self
            }

            /// Largest success body read into memory, in bytes (default
            /// `runtime::DEFAULT_MAX_RESPONSE_BYTES`, 32 MiB); past it a call fails
            /// with `Error::BodyTooLarge`. Binary answers can stream instead
            /// (`Call::bytes_stream`, `Call::write_to`), without a limit.
            pub fn max_response_bytes(mut self, limit: u64) -> Self {
                self.config = self.config.max_response_bytes(limit);
                self
            }

            /// Sends through this `reqwest::Client` (proxies, TLS settings, pools).
            ///
            /// Build it with `redirect(reqwest::redirect::Policy::none())`, so the
            /// runtime follows redirects and drops every credential when one leaves
            /// the origin; reqwest itself drops only `Authorization` and cookies.
            pub fn http_client(mut self, client: reqwest::Client) -> Self {
                self.config = self.config.http_client(client);
                self
            }

            #(#auth_methods)*

            #(#option_methods)*

            /// The client; a `Config` error when the HTTP client cannot be initialised.
            pub fn build(self) -> Result<Client, runtime::Error> {
                #build
            }
        }
    }
}

/// `root`: the accessor is a method of `Operations`, which owns the transport.
fn accessor(child: &Resource, root: bool) -> TokenStream {
    let method = ident(&child.accessor);
    let ty = ident(&child.type_name);
    let features: Vec<String> = child.features.iter().map(|f| format!("`{f}`")).collect();
    // Said where a user without the feature looks: rustc only says the method is missing.
    let doc = match (root, features.as_slice()) {
        (true, [_, ..]) => format!(
            " Operations under `/{}`. Needs the cargo feature {} (on by default).",
            child.accessor,
            features.join(" or ")
        ),
        _ => format!(" Operations under `/{}`.", child.accessor),
    };
    let transport = if root {
        quote! { &self.transport }
    } else {
        quote! { self.transport }
    };
    // A child is gated with its parent already. It borrows the client, as its
    // parent does, not the parent: `let c = client.chat().completions();` holds.
    let (cfg, lifetime) =
        if root { (cfg(&child.features), quote! { '_ }) } else { (TokenStream::new(), quote! { 'a }) };
    quote! {
        #cfg
        #[doc = #doc]
        #[inline]
        pub fn #method(&self) -> #ty<#lifetime> {
            #ty { transport: #transport }
        }
    }
}

/// `resources.rs` in pieces formatted side by side (`super::format_all`):
/// the root's `Operations` first, then one piece per top-level namespace
/// with everything under it. One piece, it kept one core busy after the
/// other had finished, longer the larger the spec.
pub fn resources_pieces(api: &Api) -> Vec<super::Piece<'_>> {
    let mut pieces: Vec<super::Piece<'_>> = vec![Box::new(move || Ok(resources_root(api).into()))];
    for child in &api.resources.children {
        pieces.push(Box::new(move || {
            let mut items = Vec::new();
            resource(api, child, &mut items);
            Ok(quote! { #(#items)* }.into())
        }));
    }
    pieces
}

fn resources_root(api: &Api) -> TokenStream {
    let use_runtime = (!api.operations.is_empty()).then(|| quote! { use crate::runtime; });
    // Without any resource feature nothing reads the transport.
    let unread = predicate(&api.resources.features).map(|p| quote! { #[cfg_attr(not(#p), allow(dead_code))] });
    let transport_field = (!api.operations.is_empty())
        .then(|| quote! { #unread pub(super) transport: std::sync::Arc<runtime::Transport>, });
    let accessors = api.resources.children.iter().map(|c| accessor(c, true));
    let root_ops = api.resources.operations.iter().map(|&i| operation(&api.types, &api.operations[i], true));
    quote! {
        //! Resource namespaces mirroring the URL, one method per operation.
        //! Besides `runtime`, paths are written in full (`super::models::Batch`),
        //! so no spec name shadows an import and no import is left unused.
        #use_runtime

        /// The operations and namespaces at the root of the spec's paths; a
        /// [`super::Client`] derefs to it.
        #[derive(Debug, Clone)]
        pub struct Operations {
            #transport_field
        }

        impl Operations {
            #(#accessors)*
            #(#root_ops)*
        }
    }
}

fn resource(api: &Api, node: &Resource, items: &mut Vec<TokenStream>) {
    let ty = ident(&node.type_name);
    let doc = format!(" Operations under the `{}` namespace.", node.accessor);
    let accessors = node.children.iter().map(|c| accessor(c, false));
    // Named only where a child accessor returns it.
    let header = if node.children.is_empty() {
        quote! { impl #ty<'_> }
    } else {
        quote! { impl<'a> #ty<'a> }
    };
    let ops = node.operations.iter().map(|&i| operation(&api.types, &api.operations[i], false));
    items.push(gate(
        &cfg(&node.features),
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone)]
            pub struct #ty<'a> {
                transport: &'a std::sync::Arc<runtime::Transport>,
            }

            #header {
                #(#accessors)*
                #(#ops)*
            }
        },
    ));
    for child in &node.children {
        resource(api, child, items);
    }
}

fn http_method(m: HttpMethod) -> TokenStream {
    match m {
        HttpMethod::Get => quote! { reqwest::Method::GET },
        HttpMethod::Post => quote! { reqwest::Method::POST },
        HttpMethod::Put => quote! { reqwest::Method::PUT },
        HttpMethod::Patch => quote! { reqwest::Method::PATCH },
        HttpMethod::Delete => quote! { reqwest::Method::DELETE },
        HttpMethod::Head => quote! { reqwest::Method::HEAD },
        HttpMethod::Options => quote! { reqwest::Method::OPTIONS },
        HttpMethod::Trace => quote! { reqwest::Method::TRACE },
    }
}

/// `format!` of the path with every parameter percent-encoded as one segment.
fn path_expr(method: &Method) -> TokenStream {
    let mut template = String::new();
    // The path as sent when it has no parameter (the template's braces are `format!`'s escapes).
    let mut literal = String::new();
    let mut args = Vec::new();
    for part in method.path.parts() {
        let name = match part {
            PathPart::Literal(text) => {
                template.push_str(&text.replace('{', "{{").replace('}', "}}"));
                literal.push_str(text);
                continue;
            }
            PathPart::Param { param } => param,
        };
        template.push_str("{}");
        args.push(match method.path_arg(name) {
            Some((arg, style)) => {
                let rust_name = ident(&arg.rust_name);
                let value = match arg.pass {
                    Pass::Str => quote! { #rust_name },
                    _ => quote! { &#rust_name.to_string() },
                };
                match style {
                    ParamStyle::Label | ParamStyle::Matrix => {
                        let style = style_tokens(style);
                        quote! { runtime::path_param(#name, #value, #style) }
                    }
                    _ => quote! { runtime::encode_path(#value) },
                }
            }
            None => quote! { "" },
        });
    }
    if args.is_empty() {
        quote! { #literal.to_string() }
    } else {
        quote! { format!(#template, #(#args),*) }
    }
}

fn operation(types: &Types, op: &Operation, root: bool) -> TokenStream {
    let mut doc_text = String::new();
    if let Some(t) = &op.docs.title {
        doc_text.push_str(t);
    }
    if let Some(d) = op.docs.description.as_deref().filter(|d| Some(*d) != op.docs.title.as_deref()) {
        if !doc_text.is_empty() {
            doc_text.push_str("\n\n");
        }
        doc_text.push_str(d);
    }
    if !doc_text.is_empty() {
        doc_text.push_str("\n\n");
    }
    doc_text.push_str(&format!(
        "{} ({})",
        crate::markdown::code(&format!("{} {}", format!("{:?}", op.http_method).to_uppercase(), op.path)),
        crate::markdown::code(&op.id)
    ));
    let plain = op.method_name().trim_start_matches("r#");
    let methods = op.methods.iter().map(|method| {
        let doc = match method.variant {
            MethodVariant::Plain => doc_attrs(&doc_text),
            MethodVariant::Stream => {
                let doc =
                    format!(" Like [`Self::{plain}`], with `stream: true`: the answer arrives as a stream of events.");
                quote! { #[doc = #doc] }
            }
            MethodVariant::Multipart => {
                let doc = format!(" Like [`Self::{plain}`], sending the body as `multipart/form-data` (file uploads).");
                quote! { #[doc = #doc] }
            }
        };
        call_fn(types, op, method, doc, root)
    });
    quote! { #(#methods)* }
}

/// One method: arguments, request parts and the decoded return type.
fn call_fn(types: &Types, op: &Operation, method: &Method, doc: TokenStream, root: bool) -> TokenStream {
    let models = "super::models::";
    let name = ident(&method.name);
    let deprecated = op.docs.deprecated.then(|| quote! { #[deprecated] });
    let mut args = Vec::new();
    let mut parts = Vec::new();
    for arg in &method.args {
        let rust_name = ident(&arg.rust_name);
        let ty = rust_type(types, &arg.ty, models);
        args.push(match arg.pass {
            Pass::Value => quote! { #rust_name: #ty },
            Pass::Str => quote! { #rust_name: &str },
            Pass::Ref => quote! { #rust_name: &#ty },
            Pass::Bytes => quote! { #rust_name: impl Into<bytes::Bytes> },
        });
        match &arg.place {
            ArgPlace::Path { .. } => {}
            ArgPlace::Headers { styles } => parts.push(match style_table(styles) {
                Some(table) => quote! { .header_params_styled(#rust_name, #table) },
                None => quote! { .header_params(#rust_name) },
            }),
            ArgPlace::Body { content_type, kind } => parts.push(match kind {
                BodyKind::Json => quote! { .json_body(#rust_name) },
                BodyKind::Form => quote! { .form(#rust_name) },
                BodyKind::Multipart => quote! { .multipart(runtime::Multipart::from_serialize(#rust_name)) },
                BodyKind::Bytes | BodyKind::Text => quote! { .body(#rust_name.into(), #content_type) },
            }),
            ArgPlace::Query { styles } => parts.push(match style_table(styles) {
                Some(table) => quote! { .query_styled(#rust_name, #table) },
                None => quote! { .query(#rust_name) },
            }),
        }
    }
    // A query written into the spec's path (`/responses?beta=true`) is sent as such.
    for (key, value) in method.path.query() {
        parts.push(quote! { .extra_query(#key, #value) });
    }
    let http = http_method(op.http_method);
    let path = path_expr(method);
    let transport = if root {
        quote! { &self.transport }
    } else {
        quote! { self.transport }
    };
    if method.variant == MethodVariant::Stream {
        parts.push(quote! { .extra_body("stream", serde_json::Value::Bool(true)) });
    }
    let (ret, ctor) = match &method.decoder {
        Decoder::Events(event) => {
            let event = rust_type(types, event, models);
            (quote! { runtime::EventStream<#event> }, quote! { sse })
        }
        Decoder::Json(ty) => (rust_type(types, ty, models), quote! { json }),
        Decoder::Bytes => (quote! { bytes::Bytes }, quote! { bytes }),
        Decoder::Text => (quote! { String }, quote! { text }),
        Decoder::Empty => (quote! { () }, quote! { empty }),
        Decoder::Media(id) => (rust_type(types, &Type::Named(*id), models), quote! { media }),
    };
    // One argument per parameter the spec declares: their number is the spec's.
    let many = (args.len() + 1 > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #doc
        #deprecated
        #many
        // Inline: the body's serializer is then compiled only into crates that call this.
        #[inline]
        pub fn #name(&self, #(#args),*) -> runtime::Call<#ret> {
            runtime::Call::#ctor(#transport, #http, #path) #(#parts)*
        }
    }
}

fn style_tokens(style: ParamStyle) -> TokenStream {
    let variant = ident(&format!("{style:?}"));
    quote! { runtime::Style::#variant }
}

/// `&[runtime::ParamStyle { .. }, ..]` for the parameters the IR lists as not
/// in their location's default style (the runtime's default), or `None` when none is.
fn style_table(styles: &[StyledParam]) -> Option<TokenStream> {
    let entries: Vec<TokenStream> = styles
        .iter()
        .map(|p| {
            let (name, style, explode) = (&p.name, style_tokens(p.style), p.explode);
            quote! { runtime::ParamStyle { name: #name, style: #style, explode: #explode } }
        })
        .collect();
    (!entries.is_empty()).then(|| quote! { &[#(#entries),*] })
}
