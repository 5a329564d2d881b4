//! Pieces shared by several screens: the shell, the bell, matter lists, the flowchart and action forms.

pub mod action_form;
pub mod bell;
pub mod calendar_editor;
pub mod chart;
pub mod flowchart;
pub mod history;
pub mod markup;
pub mod matter_list;
pub mod net_status;
pub mod print_links;
pub mod saved_views;
pub mod shell;
