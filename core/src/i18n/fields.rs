//! Field errors for people: the models write them in English for the API
//! (`"" is not an http(s) URL`); a page shows each in the reader's language, as a sentence that
//! says what to do, without the internal ids or the quoted input a developer would want.

use super::Lang;

/// What a field error says, whatever words the API gives it.
#[derive(Debug, PartialEq, Eq)]
enum Code<'a> {
    /// Missing or blank.
    Required,
    /// Longer than allowed (the largest number of characters).
    TooLong(&'a str),
    /// Holds control characters.
    ControlCharacters,
    /// Holds line breaks where one line is wanted (a name).
    OneLine,
    /// Not an http(s) address.
    NotHttpUrl,
    /// Not one of a list of choices (a reuse's type or topic).
    NotAChoice,
    /// A tag too short or too long (the tag as typed).
    TagLength(&'a str),
    /// A dataset that does not exist (any more).
    UnknownDataset,
    /// An address another reuse has.
    UrlTaken,
    /// A title another reuse took at the same moment.
    TitleRace,
    /// An organization the author is not a member of.
    NotMember,
    /// A closed discussion.
    Closed,
    /// An image larger than allowed.
    ImageTooLarge,
    /// A file that is not an image of an accepted format.
    ImageFormat,
    /// Anything else.
    Other,
}

fn code(message: &str) -> Code<'_> {
    if message == "is required"
        || message == "must not be empty"
        || message.starts_with("is required: one of ")
        || message.starts_with("is required (")
    {
        return Code::Required;
    }
    if let Some(max) = message
        .strip_prefix("must be at most ")
        .and_then(|rest| rest.split(' ').next())
        .filter(|max| max.chars().all(|c| c.is_ascii_digit()))
    {
        return Code::TooLong(max);
    }
    if let Some(tag) = message
        .strip_suffix(" must be 3 to 96 letters, digits or dashes")
        .and_then(|quoted| quoted.strip_prefix('"')?.strip_suffix('"'))
    {
        return Code::TagLength(tag);
    }
    match message {
        "must not contain control characters" => Code::ControlCharacters,
        "must be one line of text" => Code::OneLine,
        "another reuse already has this URL (deleted ones included)" => Code::UrlTaken,
        "you are not a member of this organization" => Code::NotMember,
        "This discussion is closed: it takes no more comments." => Code::Closed,
        _ if message.ends_with(" is not an http(s) URL") => Code::NotHttpUrl,
        _ if message.contains(" is not a type: ") || message.contains(" is not a topic: ") => {
            Code::NotAChoice
        }
        _ if message.starts_with("no dataset has the id ") => Code::UnknownDataset,
        _ if message.starts_with("another reuse with a title like this one") => Code::TitleRace,
        _ if message.starts_with("file: the file is ") => Code::ImageTooLarge,
        _ if message.starts_with("file: the file is not a PNG") => Code::ImageFormat,
        _ => Code::Other,
    }
}

/// The message key of a field's error, and its variable if it has one.
fn key<'a>(field: &str, code: &Code<'a>) -> (&'static str, Option<(&'static str, &'a str)>) {
    let image = matches!(field, "image" | "file");
    match code {
        Code::Required | Code::NotAChoice => match field {
            "title" => ("field.required.title", None),
            "description" => ("field.required.description", None),
            "url" => ("field.required.url", None),
            "type" => ("field.required.type", None),
            "topic" => ("field.required.topic", None),
            "comment" => ("field.required.comment", None),
            "datasets" => ("field.required.datasets", None),
            "token_name" => ("field.required.token_name", None),
            _ => ("field.required", None),
        },
        Code::TooLong(max) => ("field.too_long", Some(("max", *max))),
        Code::ControlCharacters => ("field.control_characters", None),
        Code::OneLine => ("field.one_line", None),
        Code::NotHttpUrl => ("field.not_http_url", None),
        Code::TagLength(tag) => ("field.tag_length", Some(("tag", *tag))),
        Code::UnknownDataset => ("field.unknown_dataset", None),
        Code::UrlTaken => ("field.url_taken", None),
        Code::TitleRace => ("field.title_race", None),
        Code::NotMember => ("field.not_member", None),
        Code::Closed => ("field.closed", None),
        Code::ImageTooLarge => ("field.image_too_large", None),
        Code::ImageFormat => ("field.image_format", None),
        Code::Other if image => ("field.image_invalid", None),
        Code::Other => ("field.invalid", None),
    }
}

impl Lang {
    /// A field error of the models (in English, as the API gives it) for a page, in this
    /// language: `"" is not an http(s) URL` on `url` is « L'adresse doit commencer par http:// ou
    /// https://. ». A message no rule knows stays as it is in English, and is a generic sentence
    /// in other languages.
    pub fn field_error(self, field: &str, message: &str) -> String {
        let code = code(message);
        if code == Code::Other && self == Self::En && !matches!(field, "image" | "file") {
            return message.to_owned();
        }
        match key(field, &code) {
            (key, None) => self.t(key).to_owned(),
            (key, Some(("max", value))) => {
                let max: u64 = value.parse().unwrap_or_default();
                self.t_args(key, &[("max", max.into())])
            }
            (key, Some((name, value))) => self.t_args(key, &[(name, value.into())]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_become_sentences_in_the_readers_language() {
        let fr = |field, message| Lang::Fr.field_error(field, message);
        assert_eq!(fr("title", "must not be empty"), "Indiquez un titre.");
        assert_eq!(
            fr("url", "\"\" is not an http(s) URL"),
            "L'adresse doit commencer par http:// ou https://."
        );
        let choice = fr(
            "type",
            "\"bogus\" is not a type: use one of api, application",
        );
        assert_eq!(choice, "Choisissez un type dans la liste.");
        let long = fr("title", "must be at most 350 characters");
        assert!(long.contains("350"), "{long}");
        let tag = fr("tags", "\"ab\" must be 3 to 96 letters, digits or dashes");
        assert!(tag.contains("ab") && !tag.contains('"'), "{tag}");
        assert_eq!(
            Lang::En.field_error("comment", "is required"),
            "Write a message."
        );
        assert_eq!(
            Lang::En.field_error("title", "something new"),
            "something new"
        );
        assert!(!fr("title", "something new").contains("something"));
    }

    #[test]
    fn every_code_has_a_text_in_both_languages() {
        let fields = [
            "title",
            "description",
            "url",
            "type",
            "topic",
            "comment",
            "tags",
            "datasets",
            "token_name",
            "first_name",
            "image",
        ];
        let codes = [
            Code::Required,
            Code::TooLong("3"),
            Code::ControlCharacters,
            Code::OneLine,
            Code::NotHttpUrl,
            Code::NotAChoice,
            Code::TagLength("x"),
            Code::UnknownDataset,
            Code::UrlTaken,
            Code::TitleRace,
            Code::NotMember,
            Code::Closed,
            Code::ImageTooLarge,
            Code::ImageFormat,
            Code::Other,
        ];
        for lang in Lang::ALL {
            for field in fields {
                for code in &codes {
                    let (key, _) = key(field, code);
                    assert_ne!(lang.t_args(key, &[]), "…", "{lang:?} {key}");
                }
            }
        }
    }
}
