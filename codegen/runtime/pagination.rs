//! Cursor pagination: re-sending a list call with `after=<cursor>`.

use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::de::DeserializeOwned;

use crate::runtime::{Call, Error};

/// A list response that can point at the next page.
pub trait Page: DeserializeOwned + Send + 'static {
    /// What one page lists.
    type Item: Send + 'static;
    /// The page's items, in order.
    fn into_items(self) -> Vec<Self::Item>;
    /// Whether the server says more pages follow.
    fn has_more(&self) -> bool;
    /// The cursor to send as `after` for the next page (usually the last item's id).
    fn next_after(&self) -> Option<String>;
}

impl<P: Page> Call<P> {
    /// Every item of every page, fetching pages as the stream is polled. Stops
    /// after the first error, or when a page repeats the previous cursor.
    pub fn paginate(self) -> BoxStream<'static, Result<P::Item, Error>> {
        let state = Some((self, None::<String>));
        stream::try_unfold(state, |state| async move {
            let Some((call, previous)) = state else {
                return Ok::<_, Error>(None);
            };
            let next = call.clone();
            let page = call.send().await?;
            let cursor = page
                .next_after()
                .filter(|c| page.has_more() && previous.as_ref() != Some(c));
            let next = cursor.map(|c| {
                let mut next = next;
                next.req.set_query("after", c.clone());
                (next, Some(c))
            });
            let items = stream::iter(page.into_items().into_iter().map(Ok));
            Ok(Some((items, next)))
        })
        .try_flatten()
        .boxed()
    }
}
