//! The value enums of the format: fields whose value is one of a fixed set of words.
//! Each is a Rust enum with its word list, generated from one table, so a new value is
//! one line here.

use std::fmt;

/// A value enum of the format: a field whose value is one of a fixed set of words.
pub trait ValueEnum: Sized + Copy + 'static {
    /// Every word, in the order the spec lists them.
    const WORDS: &'static [&'static str];
    /// The value written `word`.
    fn from_word(word: &str) -> Option<Self>;
    /// The word for this value.
    fn word(self) -> &'static str;
}

macro_rules! value_enums {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident, $words:ident { $($variant:ident = $word:literal,)* }
    )*) => {$(
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $(#[doc = concat!("`", $word, "`")] $variant,)* }

        $(#[doc = $doc])*
        pub const $words: &[&str] = &[$($word,)*];

        impl ValueEnum for $name {
            const WORDS: &'static [&'static str] = $words;
            fn from_word(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)* _ => None }
            }
            fn word(self) -> &'static str {
                match self { $($name::$variant => $word,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.word())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.word())
            }
        }
    )*};
}

value_enums! {
    /// Values of `category` on drivers.
    DriverCategory, DRIVER_CATEGORIES {
        Customer = "customer",
        Market = "market",
        Regulatory = "regulatory",
        Technology = "technology",
        Cost = "cost",
        Workforce = "workforce",
        Other = "other",
    }
    /// Values of `direction` on KPIs.
    Direction, DIRECTIONS {
        Increase = "increase",
        Decrease = "decrease",
    }
    /// Values of `voice` on KPIs.
    Voice, VOICES {
        Customer = "customer",
        Employee = "employee",
        Process = "process",
        Business = "business",
    }
    /// Values of `emotion` on journey stages.
    Emotion, EMOTIONS {
        VeryPositive = "very-positive",
        Positive = "positive",
        Neutral = "neutral",
        Negative = "negative",
        VeryNegative = "very-negative",
    }
    /// Values of `channel` on touchpoints.
    Channel, CHANNELS {
        Web = "web",
        Mobile = "mobile",
        Branch = "branch",
        ContactCentre = "contact-centre",
        Email = "email",
        Chat = "chat",
        Partner = "partner",
        Physical = "physical",
        Phone = "phone",
        Sms = "sms",
        Social = "social",
        Video = "video",
        Post = "post",
        Other = "other",
    }
    /// Values of `sourcing` on capabilities.
    Sourcing, SOURCINGS {
        Internal = "internal",
        Partner = "partner",
        Outsourced = "outsourced",
    }
    /// Values of `layer` on processes.
    Layer, LAYERS {
        Frontstage = "frontstage",
        Backstage = "backstage",
        Support = "support",
    }
    /// Values of `type` on personas.
    PersonaType, PERSONA_TYPES {
        B2c = "b2c",
        B2b = "b2b",
        Internal = "internal",
    }
    /// Values of `phase` on touchpoints: when in the customer's experience it happens.
    Phase, PHASES {
        Before = "before",
        During = "during",
        After = "after",
    }
    /// Values of `automation` on processes.
    Automation, AUTOMATIONS {
        Manual = "manual",
        Assisted = "assisted",
        Automated = "automated",
    }
    /// Values of `voice` on insights: whose experience the evidence speaks of.
    InsightVoice, INSIGHT_VOICES {
        Customer = "customer",
        Employee = "employee",
        Partner = "partner",
        Process = "process",
    }
    /// Values of `source` on insights: how the evidence was gathered.
    InsightSource, INSIGHT_SOURCES {
        Survey = "survey",
        Interview = "interview",
        Complaint = "complaint",
        Review = "review",
        CallAnalytics = "call-analytics",
        ProcessMining = "process-mining",
        WebAnalytics = "web-analytics",
        Observation = "observation",
        Other = "other",
    }
    /// Values of `severity` on insights and `risk` on initiatives.
    Rating, RATINGS {
        Low = "low",
        Medium = "medium",
        High = "high",
    }
    /// Values of `must_do` on initiatives: why it cannot be left out.
    MustDo, MUST_DOS {
        Regulatory = "regulatory",
        Contractual = "contractual",
        Safety = "safety",
    }
    /// Values of `lifecycle` on systems.
    Lifecycle, LIFECYCLES {
        Plan = "plan",
        Active = "active",
        PhaseOut = "phase-out",
        Retired = "retired",
    }
}

impl Direction {
    /// How the better way reads: `higher` or `lower`.
    pub fn better(self) -> &'static str {
        match self {
            Direction::Increase => "higher",
            Direction::Decrease => "lower",
        }
    }

    /// Whether moving from `before` to `after` is a move the right way.
    pub fn is_better(self, before: f64, after: f64) -> bool {
        match self {
            Direction::Increase => after > before,
            Direction::Decrease => after < before,
        }
    }

    /// Whether moving from `before` to `after` is a move the wrong way.
    pub fn is_worse(self, before: f64, after: f64) -> bool {
        match self {
            Direction::Increase => after < before,
            Direction::Decrease => after > before,
        }
    }
}

impl Lifecycle {
    /// Whether a system in this state is on its way out (`phase-out`, `retired`).
    pub fn is_retiring(self) -> bool {
        matches!(self, Lifecycle::PhaseOut | Lifecycle::Retired)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_enums_read_back_their_words() {
        fn round_trip<E: ValueEnum + std::fmt::Debug + PartialEq>() {
            for word in E::WORDS {
                let value = E::from_word(word).expect(word);
                assert_eq!(value.word(), *word);
            }
            assert_eq!(E::from_word("no-such-word"), None);
        }
        round_trip::<DriverCategory>();
        round_trip::<Direction>();
        round_trip::<Voice>();
        round_trip::<Emotion>();
        round_trip::<Channel>();
        round_trip::<Sourcing>();
        round_trip::<Layer>();
        round_trip::<Lifecycle>();
    }
}
