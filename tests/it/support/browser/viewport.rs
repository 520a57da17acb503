//! The page's width, and screenshots of whole pages at the widths people read them.

use std::path::PathBuf;

use super::Browser;

impl Browser {
    /// Makes the page `width` CSS pixels wide (and 900 high): the viewport, not the window.
    pub async fn set_width(&self, width: u32) {
        self.set_viewport(width, 900).await;
    }

    async fn set_viewport(&self, width: u32, height: u32) {
        self.client.set_window_size(width, height).await.unwrap();
        // Headless Chromium's window has no frame, but say so rather than assume it.
        let inner = self
            .client
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await
            .unwrap();
        let (inner_w, inner_h) = (inner[0].as_u64().unwrap(), inner[1].as_u64().unwrap());
        if (inner_w, inner_h) != (u64::from(width), u64::from(height)) {
            // The window's frame, if any, is what the viewport lacks.
            let frame = |want: u32, got: u64| want.saturating_sub(u32::try_from(got).unwrap());
            self.client
                .set_window_size(
                    width + frame(width, inner_w),
                    height + frame(height, inner_h),
                )
                .await
                .unwrap();
        }
    }

    /// The viewport's width in CSS pixels.
    pub async fn width(&self) -> u64 {
        self.client
            .execute("return window.innerWidth;", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap()
    }

    /// Saves the whole page (not only what the window shows) as
    /// `target/test-artifacts/<name>-<width>.png`, at the current width.
    pub async fn screenshot_page(&self, name: &str) -> PathBuf {
        let width = u32::try_from(self.width().await).unwrap();
        let height = self
            .client
            .execute("return document.documentElement.scrollHeight;", vec![])
            .await
            .unwrap()
            .as_u64()
            .unwrap();
        self.set_viewport(width, u32::try_from(height.clamp(600, 8000)).unwrap())
            .await;
        let path = self.screenshot(&format!("{name}-{width}")).await;
        self.set_viewport(width, 900).await;
        path
    }

    /// [`Self::screenshot_page`] at 320 then 1280 pixels wide, ending at 1280.
    pub async fn screenshots(&self, name: &str) {
        for width in [320, 1280] {
            self.set_width(width).await;
            self.screenshot_page(name).await;
        }
    }
}
