//! Reading the server's JSON answers without serde.
//!
//! The browser parses the answer (`JSON.parse`) and each type reads its fields from the parsed
//! value by name. serde's derived visitors did the same job in about five times the code, a
//! state machine per type in every chunk that read it, plus serde-wasm-bindgen and serde's
//! error messages (with float printing) in the first-open module.
//!
//! Each reader mirrors the serde wire format of its `patron_api` type: the same field names,
//! `#[serde(default)]` where serde has it. A native test per type writes a value with serde and
//! reads it back here (`Json` for `serde_json::Value`), so a mirror cannot drift unnoticed; and
//! a reader lists every field of its struct, so a new field does not compile until it is read.

/// A parsed JSON value: the browser's in the widget, `serde_json`'s in native tests.
pub trait Json: Sized {
    /// The member `key` of an object; a missing member (or a non-object) reads as null.
    fn get(&self, key: &str) -> Self;
    /// Null, or missing.
    fn is_null(&self) -> bool;
    fn string(&self) -> Option<String>;
    fn number(&self) -> Option<f64>;
    fn boolean(&self) -> Option<bool>;
    /// The elements of an array.
    fn items(&self) -> Option<Vec<Self>>;
}

/// A type read from JSON; `None` when the value does not have its shape.
pub trait FromJson: Sized {
    fn from_json<J: Json>(json: &J) -> Option<Self>;
}

/// `key` of `json` as a `T`.
pub fn field<T: FromJson, J: Json>(json: &J, key: &str) -> Option<T> {
    T::from_json(&json.get(key))
}

/// `key` of `json` as a `T`, or `T`'s default when it is missing or null
/// (`#[serde(default)]`).
pub fn field_or_default<T: FromJson + Default, J: Json>(json: &J, key: &str) -> Option<T> {
    let value = json.get(key);
    if value.is_null() {
        Some(T::default())
    } else {
        T::from_json(&value)
    }
}

/// Implements `FromJson` for a struct from its field names: `plain` fields must be there
/// (an `Option` may be null or missing), `default` fields fall back to their default.
macro_rules! from_json {
    ($ty:ident { $($plain:ident),* $(,)? $(; default: $($default:ident),* $(,)?)? }) => {
        impl $crate::json::FromJson for $ty {
            fn from_json<J: $crate::json::Json>(json: &J) -> Option<Self> {
                Some($ty {
                    $($plain: $crate::json::field(json, stringify!($plain))?,)*
                    $($($default: $crate::json::field_or_default(json, stringify!($default))?,)*)?
                })
            }
        }
    };
}
pub(crate) use from_json;

/// Implements `FromJson` for a unit-only enum written as its `as_str` name (patron_api's
/// `serde_by_name!`): `ALL` lists every variant. With `unknown = V`, a name this build does not
/// know reads as `V`, as with serde.
macro_rules! from_json_by_name {
    ($ty:ty, unknown = $unknown:expr) => {
        impl $crate::json::FromJson for $ty {
            fn from_json<J: $crate::json::Json>(json: &J) -> Option<Self> {
                let name = json.string()?;
                Some(<$ty>::ALL.into_iter().find(|v| v.as_str() == name).unwrap_or($unknown))
            }
        }
    };
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::json::FromJson for $ty {
            fn from_json<J: $crate::json::Json>(json: &J) -> Option<Self> {
                let name = json.string()?;
                <$ty>::ALL.into_iter().find(|v| v.as_str() == name)
            }
        }
    )*};
}
pub(crate) use from_json_by_name;

impl FromJson for String {
    fn from_json<J: Json>(json: &J) -> Option<Self> {
        json.string()
    }
}

impl FromJson for bool {
    fn from_json<J: Json>(json: &J) -> Option<Self> {
        json.boolean()
    }
}

/// Whole numbers: a JSON number without a fraction, within the type's range (and, for the
/// widest types, within the 2^53 a JSON number holds exactly).
macro_rules! from_json_integer {
    ($($ty:ty),*) => {$(
        impl FromJson for $ty {
            fn from_json<J: Json>(json: &J) -> Option<Self> {
                let n = json.number()?;
                (n.fract() == 0.0 && n >= <$ty>::MIN as f64 && n <= <$ty>::MAX as f64)
                    .then_some(n as $ty)
            }
        }
    )*};
}
from_json_integer!(i64, i32, u64, u32, u16, u8, usize);

impl FromJson for f32 {
    fn from_json<J: Json>(json: &J) -> Option<Self> {
        json.number().map(|n| n as f32)
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json<J: Json>(json: &J) -> Option<Self> {
        if json.is_null() {
            Some(None)
        } else {
            T::from_json(json).map(Some)
        }
    }
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json<J: Json>(json: &J) -> Option<Self> {
        json.items()?.iter().map(T::from_json).collect()
    }
}

mod browser {
    use js_sys::{Array, Reflect};
    use wasm_bindgen::JsValue;

    impl super::Json for JsValue {
        fn get(&self, key: &str) -> Self {
            if self.is_object() {
                Reflect::get(self, &JsValue::from_str(key)).unwrap_or(JsValue::NULL)
            } else {
                JsValue::NULL
            }
        }

        fn is_null(&self) -> bool {
            self.is_null_or_undefined()
        }

        fn string(&self) -> Option<String> {
            self.as_string()
        }

        fn number(&self) -> Option<f64> {
            self.as_f64()
        }

        fn boolean(&self) -> Option<bool> {
            self.as_bool()
        }

        fn items(&self) -> Option<Vec<Self>> {
            Array::is_array(self).then(|| Array::from(self).to_vec())
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::Value;

    impl Json for Value {
        fn get(&self, key: &str) -> Self {
            Value::get(self, key).cloned().unwrap_or(Value::Null)
        }

        fn is_null(&self) -> bool {
            Value::is_null(self)
        }

        fn string(&self) -> Option<String> {
            self.as_str().map(str::to_owned)
        }

        fn number(&self) -> Option<f64> {
            self.as_f64()
        }

        fn boolean(&self) -> Option<bool> {
            self.as_bool()
        }

        fn items(&self) -> Option<Vec<Self>> {
            self.as_array().cloned()
        }
    }

    /// `value` written by serde and read back by its `FromJson` mirror is the same value.
    pub(crate) fn round_trips<T>(value: &T)
    where
        T: FromJson + serde::Serialize + PartialEq + std::fmt::Debug,
    {
        let json = serde_json::to_value(value).expect("serialisable");
        assert_eq!(T::from_json(&json).as_ref(), Some(value), "{json}");
    }

    #[test]
    fn reads_plain_values() {
        let json = serde_json::json!({"s": "x", "n": 42, "big": -9007199254740991i64, "f": 1.5,
            "b": true, "none": null, "list": [1, 2]});
        assert_eq!(field::<String, _>(&json, "s").as_deref(), Some("x"));
        assert_eq!(field::<u32, _>(&json, "n"), Some(42));
        assert_eq!(field::<i64, _>(&json, "big"), Some(-9_007_199_254_740_991));
        assert_eq!(field::<u32, _>(&json, "big"), None, "out of range");
        assert_eq!(field::<i64, _>(&json, "f"), None, "not whole");
        assert_eq!(field::<bool, _>(&json, "b"), Some(true));
        assert_eq!(field::<Option<String>, _>(&json, "none"), Some(None));
        assert_eq!(field::<Option<String>, _>(&json, "missing"), Some(None));
        assert_eq!(field::<String, _>(&json, "missing"), None);
        assert_eq!(field::<Vec<u8>, _>(&json, "list"), Some(vec![1, 2]));
        assert_eq!(
            field_or_default::<Vec<u8>, _>(&json, "missing"),
            Some(vec![])
        );
        assert_eq!(field::<Vec<u8>, _>(&json, "s"), None);
    }
}
