//! The OpenAPI rules file (`openapi-rules.yaml`) read with the catalog: its faults are reported
//! like those of any catalog file, and the topic ids its rules name are checked against the
//! catalog's topics when a catalog is read with it.

use super::fields::Ctx;
use super::rules_file::{RuleTopics, read_rules_tree};
use super::{Claims, Defined, Parsed, parse_document};
use crate::diag::{Code, Diagnostic, FileId, shown, typo_of};
use crate::index::{IdKind, IdPlace, Role, template_fits as fits};

/// Reads a rules file; false when it could not be read through.
pub(super) fn read_rules(cx: &mut Ctx<'_>, text: &str, parsed: Parsed, out: &mut Claims) -> bool {
    let Some(root) = parse_document(cx, text, 0, parsed) else {
        return false;
    };
    let (_, topics) = read_rules_tree(cx, &root);
    for (topic, span) in topics.iter().flatten() {
        let of = if topic.contains('{') {
            IdKind::TopicTemplate
        } else {
            IdKind::Topic
        };
        out.places.push(IdPlace {
            file: cx.file,
            span: span.clone(),
            id: topic.clone(),
            of,
            role: Role::Use,
        });
    }
    out.rule_topics
        .extend(topics.into_iter().map(|topics| (cx.file, topics)));
    true
}

/// Warns about the topics of rules that are likely misspelt, given the catalog's topics: an id
/// the catalog lacks but has one a typo away from (and not named by the same rule, which may
/// list alternatives for other catalogs), a template (`http-status-{code}`) no id of the
/// catalog fits. Ids the catalog lacks with none that close are left alone: the rules serve
/// other catalogs too.
pub(super) fn check_topics(
    diags: &mut Vec<Diagnostic>,
    rules: &[(FileId, RuleTopics)],
    defined: &Defined<'_>,
) {
    let mut ids: Vec<&str> = defined.topics.keys().map(String::as_str).collect();
    ids.extend(defined.damaged.iter().map(String::as_str));
    ids.sort_unstable();
    for (file, topics) in rules {
        for (topic, span) in topics {
            if topic.contains('{') {
                if !ids.iter().any(|id| fits(topic, id)) {
                    diags.push(
                        Diagnostic::warning(
                            Code::UnknownRuleTopic,
                            *file,
                            span.clone(),
                            format!("no topic of the catalog fits `{}`", shown(topic)),
                        )
                        .with_help(
                            "check its spelling: the rule applies to no element with this catalog",
                        ),
                    );
                }
                continue;
            }
            if defined.is_defined(topic) {
                continue;
            }
            let Some(near) = typo_of(topic, &ids) else {
                continue;
            };
            if topics.iter().any(|(other, _)| other == near) {
                continue;
            }
            diags.push(
                Diagnostic::warning(
                    Code::UnknownRuleTopic,
                    *file,
                    span.clone(),
                    format!("topic `{}` is not in the catalog", shown(topic)),
                )
                .with_help(format!("did you mean `{}`?", shown(near))),
            );
        }
    }
}
