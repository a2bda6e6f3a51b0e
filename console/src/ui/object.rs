//! One object a screen shows and changes (a feedback answer, a contact request): read with
//! `GET path`, changed with `PUT path` (which answers the object), read again after a change.

use leptos::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::api::{self, ApiError};

pub struct Object<T: 'static, C: 'static> {
    pub value: LocalResource<Result<T, ApiError>>,
    pub change: Action<C, Result<(), ApiError>>,
    /// The last change's outcome, for `WriteError`.
    pub result: Signal<Option<Result<(), ApiError>>>,
}

pub fn use_object<T, C>(path: String) -> Object<T, C>
where
    T: DeserializeOwned + Clone + 'static,
    C: Serialize + Clone + 'static,
{
    let value = LocalResource::new({
        let path = path.clone();
        move || {
            let path = path.clone();
            async move { api::get::<T>(&path).await }
        }
    });
    let change = Action::new_local(move |body: &C| {
        let (path, body) = (path.clone(), body.clone());
        async move { api::put::<_, T>(&path, &body).await.map(|_| ()) }
    });
    Effect::new(move || {
        if let Some(Ok(())) = change.value().get() {
            value.refetch();
        }
    });
    Object {
        value,
        change,
        result: change.value().into(),
    }
}
