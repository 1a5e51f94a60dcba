//! The few URL operations a link check needs: the fragment, the host, relative references
//! resolved against a base (RFC 3986, section 5.2), and percent-encoding of what a request
//! line may not carry.

/// `(url without fragment, fragment)`; the fragment is `None` when there is no `#`.
pub(crate) fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((doc, fragment)) => (doc, Some(fragment)),
        None => (url, None),
    }
}

/// The scheme, lowercased, when the URL has one.
pub(crate) fn scheme(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| scheme.to_ascii_lowercase())
}

/// What limits apply to: the host name, lowercased, with the port (the scheme's default when
/// none is written), as `host:port`. `None` for a URL without an authority.
pub(crate) fn host_key(url: &str) -> Option<String> {
    let scheme = scheme(url)?;
    let rest = url[scheme.len() + 1..].strip_prefix("//")?;
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match host_port.rsplit_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (host_port, None),
        }
    };
    if host.is_empty() {
        return None;
    }
    let port = match port.filter(|p| !p.is_empty()) {
        Some(port) => port.to_owned(),
        None => match scheme.as_str() {
            "https" => "443".to_owned(),
            _ => "80".to_owned(),
        },
    };
    Some(format!("{}:{port}", host.to_ascii_lowercase()))
}

/// `reference` (a `Location` header) resolved against the absolute URL `base`.
pub(crate) fn resolve(base: &str, reference: &str) -> String {
    if scheme(reference).is_some() {
        return remove_dots_in_url(reference);
    }
    let base = split_fragment(base).0;
    let Some(base_scheme) = scheme(base) else {
        return reference.to_owned();
    };
    let after_scheme = &base[base_scheme.len() + 1..];
    if let Some(rest) = reference.strip_prefix("//") {
        return remove_dots_in_url(&format!("{base_scheme}://{rest}"));
    }
    let (authority, base_path, base_query) = match after_scheme.strip_prefix("//") {
        Some(rest) => {
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            let (path, query) = split_query(&rest[end..]);
            (format!("//{}", &rest[..end]), path, query)
        }
        None => {
            let (path, query) = split_query(after_scheme);
            (String::new(), path, query)
        }
    };
    let prefix = format!("{base_scheme}:{authority}");
    let (ref_rest, ref_fragment) = match reference.split_once('#') {
        Some((rest, fragment)) => (rest, Some(fragment)),
        None => (reference, None),
    };
    let (ref_path, ref_query) = split_query(ref_rest);
    let (path, query) = if ref_path.is_empty() {
        (base_path.to_owned(), ref_query.or(base_query))
    } else if ref_path.starts_with('/') {
        (remove_dot_segments(ref_path), ref_query)
    } else {
        let merged = if !authority.is_empty() && base_path.is_empty() {
            format!("/{ref_path}")
        } else {
            let dir = base_path.rfind('/').map_or("", |i| &base_path[..=i]);
            format!("{dir}{ref_path}")
        };
        (remove_dot_segments(&merged), ref_query)
    };
    let mut out = format!("{prefix}{path}");
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    if let Some(fragment) = ref_fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// Percent-encodes every byte a URL may not hold as it is (non-ASCII, spaces, quotes, angle
/// brackets, ...), as browsers do before they send a request. `%` is kept: the URL may be
/// encoded already.
pub(crate) fn encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` sequences (a fragment as written in a link, for comparison with anchors);
/// invalid sequences and invalid UTF-8 are kept as they are.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn split_query(text: &str) -> (&str, Option<&str>) {
    match text.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (text, None),
    }
}

/// An absolute URL with the dot segments of its path removed.
fn remove_dots_in_url(url: &str) -> String {
    let Some(scheme) = scheme(url) else {
        return url.to_owned();
    };
    let Some(rest) = url[scheme.len() + 1..].strip_prefix("//") else {
        return url.to_owned();
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let (path, after) = tail.split_at(path_end);
    format!(
        "{}://{authority}{}{after}",
        &url[..scheme.len()],
        remove_dot_segments(path)
    )
}

/// RFC 3986, section 5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut input = path;
    let mut output: Vec<&str> = Vec::new();
    while !input.is_empty() {
        if let Some(rest) = input
            .strip_prefix("../")
            .or_else(|| input.strip_prefix("./"))
        {
            input = rest;
        } else if input.starts_with("/./") {
            input = &input[2..];
        } else if input == "/." {
            input = "/";
        } else if input.starts_with("/../") || input == "/.." {
            input = if input == "/.." { "/" } else { &input[3..] };
            output.pop();
        } else if input == "." || input == ".." {
            input = "";
        } else {
            let start = usize::from(input.starts_with('/'));
            let end = input[start..].find('/').map_or(input.len(), |i| i + start);
            output.push(&input[..end]);
            input = &input[end..];
        }
    }
    output.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_have_ports() {
        assert_eq!(
            host_key("https://Example.COM/a").as_deref(),
            Some("example.com:443")
        );
        assert_eq!(
            host_key("http://user@127.0.0.1:8080?q").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(host_key("http://[::1]/").as_deref(), Some("::1:80"));
        assert_eq!(host_key("mailto:someone@example.org"), None);
        assert_eq!(host_key("http:///path"), None);
    }

    #[test]
    fn references_resolve_as_rfc_3986_says() {
        // The normal and abnormal examples of RFC 3986, section 5.4, that HTTP can meet.
        let base = "http://a/b/c/d;p?q";
        for (reference, expected) in [
            ("g:h", "g:h"),
            ("g", "http://a/b/c/g"),
            ("./g", "http://a/b/c/g"),
            ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"),
            ("?y", "http://a/b/c/d;p?y"),
            ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"),
            (";x", "http://a/b/c/;x"),
            ("", "http://a/b/c/d;p?q"),
            (".", "http://a/b/c/"),
            ("..", "http://a/b/"),
            ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../../g", "http://a/g"),
            ("/./g", "http://a/g"),
            ("g.", "http://a/b/c/g."),
            ("./../g", "http://a/b/g"),
            ("g;x=1/../y", "http://a/b/c/y"),
            ("http://x/a/../b", "http://x/b"),
        ] {
            assert_eq!(resolve(base, reference), expected, "{reference}");
        }
        assert_eq!(resolve("https://h", "p"), "https://h/p");
        assert_eq!(resolve("no scheme", "p"), "p");
        assert_eq!(resolve("https://h/é/x", "../ü"), "https://h/ü");
    }

    #[test]
    fn encoding_and_decoding() {
        assert_eq!(
            encode("https://x.org/a b/ä?q=\"1\"#f"),
            "https://x.org/a%20b/%C3%A4?q=%221%22#f"
        );
        assert_eq!(encode("https://x.org/%20"), "https://x.org/%20");
        assert_eq!(percent_decode("caf%C3%A9%2"), "café%2");
        assert_eq!(percent_decode("%FF"), "%FF");
        assert_eq!(split_fragment("a#b#c"), ("a", Some("b#c")));
        assert_eq!(scheme("HTTPS://x"), Some("https".to_owned()));
        assert_eq!(scheme("/site/path"), None);
    }
}
