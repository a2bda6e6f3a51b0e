//! "Getting started" messages, per locale. Like Help's, they live apart from the shell's
//! `Strings` so that they ship in the onboarding chunk instead of the first-open module.
//!
//! Placeholders in braces (`{n}`, `{total}`, `{pack}`) are filled by `fill`.

use crate::i18n::{module_messages, Plural};

module_messages! {
    GuideStrings {
        guides_title,
        empty,
        progress,
        start,
        resume,
        all_guides,
        steps_title,
        step_count,
        step_done,
        previous,
        next,
        mark_done,
        open_article,
        open_page,
        show_me,
        not_on_page,
        close,
        finished_title,
        finished_text,
    }
    plural {
        reward_offer,
        reward_granted,
        sign_in_to_earn,
    }
}

pub const EN: GuideStrings = GuideStrings {
    guides_title: "Guides for you",
    empty: "There are no guides for you right now.",
    progress: "{n} of {total} done",
    start: "Start",
    resume: "Continue",
    all_guides: "All guides",
    steps_title: "Steps",
    step_count: "Step {n} of {total}",
    step_done: "Done",
    previous: "Previous",
    next: "Next",
    mark_done: "Mark as done",
    open_article: "Read the answer",
    open_page: "Open the page",
    show_me: "Show me on the page",
    not_on_page: "We could not point at it on this page, so here it is in words:",
    close: "Close",
    finished_title: "All done!",
    finished_text: "You have finished “{pack}”.",
    reward_offer: Plural {
        one: "Finish this guide to earn {n} point.",
        other: "Finish this guide to earn {n} points.",
    },
    reward_granted: Plural {
        one: "{n} point has been added to your account.",
        other: "{n} points have been added to your account.",
    },
    sign_in_to_earn: Plural {
        one: "Sign in to earn {n} point for finishing this guide.",
        other: "Sign in to earn {n} points for finishing this guide.",
    },
};

pub const ZH_CN: GuideStrings = GuideStrings {
    guides_title: "为您准备的指南",
    empty: "暂时没有适合您的指南。",
    progress: "已完成 {n}/{total}",
    start: "开始",
    resume: "继续",
    all_guides: "全部指南",
    steps_title: "步骤",
    step_count: "第 {n} 步，共 {total} 步",
    step_done: "已完成",
    previous: "上一步",
    next: "下一步",
    mark_done: "标记为已完成",
    open_article: "查看解答",
    open_page: "打开页面",
    show_me: "在页面上指给我看",
    not_on_page: "在当前页面上没有找到这个位置，文字说明如下：",
    close: "关闭",
    finished_title: "全部完成！",
    finished_text: "您已完成“{pack}”。",
    reward_offer: Plural::same("完成本指南可获得 {n} 积分。"),
    reward_granted: Plural::same("{n} 积分已存入您的账户。"),
    sign_in_to_earn: Plural::same("登录会员后完成本指南，可获得 {n} 积分。"),
};

pub const ZH_TW: GuideStrings = GuideStrings {
    guides_title: "為您準備的指南",
    empty: "暫時沒有適合您的指南。",
    progress: "已完成 {n}/{total}",
    start: "開始",
    resume: "繼續",
    all_guides: "全部指南",
    steps_title: "步驟",
    step_count: "第 {n} 步，共 {total} 步",
    step_done: "已完成",
    previous: "上一步",
    next: "下一步",
    mark_done: "標記為已完成",
    open_article: "查看解答",
    open_page: "開啟頁面",
    show_me: "在頁面上指給我看",
    not_on_page: "在目前頁面上沒有找到這個位置，文字說明如下：",
    close: "關閉",
    finished_title: "全部完成！",
    finished_text: "您已完成「{pack}」。",
    reward_offer: Plural::same("完成本指南可獲得 {n} 積分。"),
    reward_granted: Plural::same("{n} 積分已存入您的帳戶。"),
    sign_in_to_earn: Plural::same("登入會員後完成本指南，可獲得 {n} 積分。"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_is_not_a_copy_of_simplified() {
        assert_ne!(ZH_CN.guides_title, ZH_TW.guides_title);
        assert_ne!(ZH_CN.steps_title, ZH_TW.steps_title);
    }
}
