//! Pieces of screens, not screens: the shell, the bell, matter lists, the flowchart, action forms,
//! report markup and the office's watch lists.

pub mod action_field;
pub mod action_form;
pub mod bell;
pub mod calendar_editor;
pub mod chart;
pub mod field;
pub mod flowchart;
pub mod history;
pub mod leaders;
pub mod markup;
pub mod matter_list;
pub mod net_status;
pub mod print_links;
pub mod report;
pub mod saved_views;
pub mod shell;
pub mod watch;
