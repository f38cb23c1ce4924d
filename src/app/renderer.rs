//! Which library draws the window, and in which order they are tried.
//!
//! Desktops without a GPU driver (Remote Desktop, virtual machines, Azure Virtual Desktop,
//! Windows 365 Cloud PCs) offer OpenGL 1.1 only, which glow cannot draw with, while Direct3D 12
//! still works there on Microsoft's WARP software adapter. So the Windows build has both
//! renderers and tries wgpu (Direct3D 12, else Vulkan) first, then glow; the Linux build has
//! glow only, since every Linux desktop has Mesa's OpenGL (llvmpipe where there is no GPU).
//!
//! A renderer that crashed the process during its last start (it never reached its second
//! frame) is tried last next time: a marker file names the renderer while it starts.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

use crate::output::i18n::tr;

/// A library that draws the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Renderer {
    /// OpenGL 2 or later, through glow
    Glow,
    /// Direct3D 12 (WARP where there is no GPU driver) or Vulkan, through wgpu (Windows build)
    Wgpu,
}

/// The renderer setting: the first of this build's that starts, or one only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum RendererChoice {
    #[default]
    #[serde(rename = "automatic")]
    Automatic,
    #[serde(rename = "glow")]
    Glow,
    #[serde(rename = "wgpu")]
    Wgpu,
}

impl Renderer {
    /// The name in files, logs and on the command line.
    pub const fn key(self) -> &'static str {
        match self {
            Renderer::Glow => "glow",
            Renderer::Wgpu => "wgpu",
        }
    }

    fn from_key(key: &str) -> Option<Renderer> {
        [Renderer::Glow, Renderer::Wgpu].into_iter().find(|r| r.key() == key.trim())
    }

    /// The renderer in words: the library and what it draws with.
    pub fn words(self) -> String {
        match self {
            Renderer::Glow => tr("renderer.glow"),
            Renderer::Wgpu => tr("renderer.wgpu"),
        }
    }

    /// Whether this build can draw with it.
    pub fn is_built(self) -> bool {
        BUILT.contains(&self)
    }

    pub fn eframe(self) -> eframe::Renderer {
        match self {
            #[cfg(windows)]
            Renderer::Wgpu => eframe::Renderer::Wgpu,
            _ => eframe::Renderer::Glow,
        }
    }
}

impl RendererChoice {
    /// The name in files and logs.
    pub const fn key(self) -> &'static str {
        match self {
            RendererChoice::Automatic => "automatic",
            RendererChoice::Glow => "glow",
            RendererChoice::Wgpu => "wgpu",
        }
    }
}

impl From<Renderer> for RendererChoice {
    fn from(renderer: Renderer) -> RendererChoice {
        match renderer {
            Renderer::Glow => RendererChoice::Glow,
            Renderer::Wgpu => RendererChoice::Wgpu,
        }
    }
}

/// The renderer drawing the window and what it draws on, for About, the log and the tests.
#[derive(Clone, Debug, PartialEq)]
pub struct Drawing {
    pub renderer: Renderer,
    /// "Direct3D 12", "Vulkan", "OpenGL 4.5 (Core Profile) Mesa 22.3.6"...
    pub api: String,
    /// The adapter's name: a GPU, or a software one (WARP, llvmpipe).
    pub adapter: String,
    pub software: bool,
}

/// This build's renderers, in the order `Automatic` tries them.
#[cfg(windows)]
pub const BUILT: &[Renderer] = &[Renderer::Wgpu, Renderer::Glow];
#[cfg(not(windows))]
pub const BUILT: &[Renderer] = &[Renderer::Glow];

/// A renderer asked for that this build does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("this build cannot draw with {}: it has {}", .0.key(), BUILT.iter().map(|r| r.key()).collect::<Vec<_>>().join(" and "))]
pub struct NotBuilt(pub Renderer);

/// The renderers to try, in order: the one chosen, or this build's, with the one whose last
/// start crashed (`crashed`) moved to the end.
pub fn to_try(choice: RendererChoice, crashed: Option<Renderer>) -> Result<Vec<Renderer>, NotBuilt> {
    let only = match choice {
        RendererChoice::Automatic => None,
        RendererChoice::Glow => Some(Renderer::Glow),
        RendererChoice::Wgpu => Some(Renderer::Wgpu),
    };
    if let Some(renderer) = only {
        return if renderer.is_built() { Ok(vec![renderer]) } else { Err(NotBuilt(renderer)) };
    }
    let mut order = BUILT.to_vec();
    if let Some(crashed) = crashed
        && let Some(at) = order.iter().position(|r| *r == crashed)
    {
        let last = order.remove(at);
        order.push(last);
    }
    Ok(order)
}

/// The file naming the renderer while it starts: left behind, it says that start crashed.
pub struct StartMarker {
    path: PathBuf,
}

impl StartMarker {
    pub fn in_dir(dir: &Path) -> StartMarker {
        StartMarker { path: dir.join("renderer-starting") }
    }

    /// The renderer whose start was never finished, if any.
    pub fn crashed(&self) -> Option<Renderer> {
        let meta = std::fs::symlink_metadata(&self.path).ok()?;
        if !meta.is_file() || meta.len() > 64 {
            return None;
        }
        Renderer::from_key(&std::fs::read_to_string(&self.path).ok()?)
    }

    pub fn starting(&self, renderer: Renderer) {
        if let Some(dir) = self.path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(&self.path, renderer.key());
    }

    /// The start is over, drawn or failed cleanly.
    pub fn finished(&self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_tries_every_renderer_of_the_build_and_a_crashed_one_last() {
        let all = to_try(RendererChoice::Automatic, None).unwrap();
        assert_eq!(all, BUILT);
        if cfg!(windows) {
            assert_eq!(all, [Renderer::Wgpu, Renderer::Glow]);
            assert_eq!(
                to_try(RendererChoice::Automatic, Some(Renderer::Wgpu)).unwrap(),
                [Renderer::Glow, Renderer::Wgpu]
            );
        } else {
            assert_eq!(all, [Renderer::Glow]);
            assert_eq!(to_try(RendererChoice::Automatic, Some(Renderer::Glow)).unwrap(), [Renderer::Glow]);
        }
    }

    #[test]
    fn a_forced_renderer_is_the_only_one_tried_and_must_be_built() {
        assert_eq!(to_try(RendererChoice::Glow, Some(Renderer::Glow)).unwrap(), [Renderer::Glow]);
        let wgpu = to_try(RendererChoice::Wgpu, None);
        if cfg!(windows) {
            assert_eq!(wgpu.unwrap(), [Renderer::Wgpu]);
        } else {
            let e = wgpu.unwrap_err();
            assert_eq!(e.to_string(), "this build cannot draw with wgpu: it has glow");
        }
    }

    #[test]
    fn the_marker_names_the_renderer_until_the_start_is_over() {
        let dir = tempfile::tempdir().unwrap();
        let marker = StartMarker::in_dir(&dir.path().join("state"));
        assert_eq!(marker.crashed(), None);
        marker.starting(Renderer::Wgpu);
        assert_eq!(StartMarker::in_dir(&dir.path().join("state")).crashed(), Some(Renderer::Wgpu));
        marker.finished();
        assert_eq!(marker.crashed(), None);
        // anything else there is not a renderer
        std::fs::write(dir.path().join("state/renderer-starting"), "vulkan").unwrap();
        assert_eq!(marker.crashed(), None);
    }

    #[test]
    fn the_setting_keeps_its_names() {
        for (choice, name) in
            [(RendererChoice::Automatic, "automatic"), (RendererChoice::Glow, "glow"), (RendererChoice::Wgpu, "wgpu")]
        {
            assert_eq!(ron::to_string(&choice).unwrap(), name);
            assert_eq!(ron::from_str::<RendererChoice>(name).unwrap(), choice);
            assert_eq!(choice.key(), name);
        }
    }
}
