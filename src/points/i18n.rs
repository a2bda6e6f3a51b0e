//! "My points" messages, per locale. Like Help's, they live apart from the shell's `Strings`
//! so that they ship in the points chunk instead of the first-open module.
//!
//! Placeholders in braces (`{n}`, `{amount}`, …) are filled by `super::format::fill`.

use crate::i18n::{module_messages, Plural};

module_messages! {
    PointsStrings {
        join_title,
        join_intro,
        tiers_title,
        tier_entry,
        sign_in_hint,
        sign_in,
        sign_in_sent,
        hello,
        balance,
        worth,
        tier_badge,
        benefits_title,
        progress_label,
        progress_text,
        progress_text_by,
        top_tier,
        history_title,
        history_empty,
        load_more,
        kind_earn,
        kind_redeem,
        kind_reverse,
        kind_adjust,
        kind_expire,
        rewards_title,
        rewards_empty,
        stock_left,
        out_of_stock,
        redeem,
        confirm,
        cancel,
        redeeming,
        err_insufficient,
        err_out_of_stock,
        err_unknown_outcome,
        done,
        coupon_code,
        copy_code,
        copied,
        copy_failed,
        code_pending,
    }
    plural {
        earn_rule,
        validity,
        tier_min_spend,
        points_unit,
        expiring,
        cost,
        need_more,
        confirm_question,
        confirm_after,
        redeemed,
    }
}

pub const EN: PointsStrings = PointsStrings {
    join_title: "Become a member",
    join_intro: "Members earn points on every purchase and enjoy more benefits as they move up.",
    earn_rule: Plural {
        one: "Earn {n} point for every {amount} you spend.",
        other: "Earn {n} points for every {amount} you spend.",
    },
    // Shown right after `earn_rule`: English needs the space between the sentences.
    validity: Plural {
        one: " Points are valid for {months} month.",
        other: " Points are valid for {months} months.",
    },
    tiers_title: "Membership tiers",
    tier_entry: "When you join",
    tier_min_spend: Plural {
        one: "Spend {amount} within {months} month",
        other: "Spend {amount} within {months} months",
    },
    sign_in_hint: "Sign in to see your points, your tier and the rewards you can get.",
    sign_in: "Sign in",
    sign_in_sent: "Please sign in on the page.",
    hello: "Hello, {name}",
    balance: "Points balance",
    points_unit: Plural {
        one: "point",
        other: "points",
    },
    worth: "Worth {amount}",
    tier_badge: "Tier: {tier}",
    benefits_title: "Your benefits",
    progress_label: "Progress to {tier}",
    progress_text: "Spend {amount} more to reach {tier}.",
    progress_text_by: "Spend {amount} more by {date} to reach {tier}.",
    top_tier: "You are at our highest tier. Thank you for shopping with us!",
    expiring: Plural {
        one: "{n} point expires on {date}. Use it before then.",
        other: "{n} points expire on {date}. Use them before then.",
    },
    history_title: "Recent activity",
    history_empty: "No activity yet.",
    load_more: "Load more",
    kind_earn: "Earned",
    kind_redeem: "Redeemed",
    kind_reverse: "Refund",
    kind_adjust: "Adjustment",
    kind_expire: "Expired",
    rewards_title: "Rewards",
    rewards_empty: "No rewards are available at the moment.",
    cost: Plural {
        one: "{n} point",
        other: "{n} points",
    },
    stock_left: "{n} left",
    out_of_stock: "Out of stock",
    need_more: Plural {
        one: "You need {n} more point",
        other: "You need {n} more points",
    },
    redeem: "Redeem",
    confirm_question: Plural {
        one: "Redeem {reward} for {n} point?",
        other: "Redeem {reward} for {n} points?",
    },
    confirm_after: Plural {
        one: "Your balance afterwards: {n} point.",
        other: "Your balance afterwards: {n} points.",
    },
    confirm: "Confirm",
    cancel: "Cancel",
    redeeming: "Redeeming…",
    redeemed: Plural {
        one: "Redeemed: {reward}. Your new balance is {n} point.",
        other: "Redeemed: {reward}. Your new balance is {n} points.",
    },
    err_insufficient: "You do not have enough points for this reward.",
    err_out_of_stock: "Sorry, this reward is out of stock.",
    err_unknown_outcome:
        "We could not confirm the redemption. Please try again: your points will not be used twice.",
    coupon_code: "Your code",
    copy_code: "Copy code",
    copied: "Copied",
    copy_failed: "Could not copy: select the code and copy it.",
    code_pending: "Your code is on its way. You will find it in Recent activity.",
    done: "Done",
};

pub const ZH_CN: PointsStrings = PointsStrings {
    join_title: "成为会员",
    join_intro: "会员每次消费都能获得积分，等级越高，权益越多。",
    earn_rule: Plural::same("每消费 {amount} 可得 {n} 积分，"),
    validity: Plural::same("积分有效期 {months} 个月。"),
    tiers_title: "会员等级",
    tier_entry: "注册即享",
    tier_min_spend: Plural::same("{months} 个月内消费满 {amount}"),
    sign_in_hint: "登录后即可查看您的积分、会员等级和可兑换的礼品。",
    sign_in: "登录",
    sign_in_sent: "请在页面上完成登录。",
    hello: "{name}，您好",
    balance: "积分余额",
    points_unit: Plural::same("积分"),
    worth: "价值 {amount}",
    tier_badge: "会员等级：{tier}",
    benefits_title: "您的会员权益",
    progress_label: "升级至{tier}的进度",
    progress_text: "再消费 {amount} 即可升级为{tier}。",
    progress_text_by: "在 {date} 前再消费 {amount} 即可升级为{tier}。",
    top_tier: "您已是最高等级会员，感谢您的支持！",
    expiring: Plural::same("{n} 积分将于 {date} 过期，请尽快使用。"),
    history_title: "积分明细",
    history_empty: "暂无积分记录。",
    load_more: "加载更多",
    kind_earn: "获得",
    kind_redeem: "兑换",
    kind_reverse: "退款扣回",
    kind_adjust: "调整",
    kind_expire: "过期",
    rewards_title: "积分兑换",
    rewards_empty: "暂无可兑换的礼品。",
    cost: Plural::same("{n} 积分"),
    stock_left: "剩余 {n} 件",
    out_of_stock: "已兑完",
    need_more: Plural::same("还差 {n} 积分"),
    redeem: "兑换",
    confirm_question: Plural::same("确定用 {n} 积分兑换{reward}吗？"),
    confirm_after: Plural::same("兑换后余额：{n} 积分。"),
    confirm: "确认兑换",
    cancel: "取消",
    redeeming: "正在兑换…",
    redeemed: Plural::same("已兑换{reward}，当前积分余额 {n}。"),
    err_insufficient: "您的积分不足，无法兑换此礼品。",
    err_out_of_stock: "抱歉，此礼品已兑完。",
    err_unknown_outcome: "暂时无法确认兑换结果，请重试：积分不会被重复扣除。",
    coupon_code: "您的券码",
    copy_code: "复制券码",
    copied: "已复制",
    copy_failed: "无法复制，请选中券码后手动复制。",
    code_pending: "券码正在发放中，稍后可在“积分明细”中查看。",
    done: "完成",
};

pub const ZH_TW: PointsStrings = PointsStrings {
    join_title: "成為會員",
    join_intro: "會員每次消費都能獲得積分，等級越高，權益越多。",
    earn_rule: Plural::same("每消費 {amount} 可得 {n} 積分，"),
    validity: Plural::same("積分有效期 {months} 個月。"),
    tiers_title: "會員等級",
    tier_entry: "註冊即享",
    tier_min_spend: Plural::same("{months} 個月內消費滿 {amount}"),
    sign_in_hint: "登入後即可查看您的積分、會員等級和可兌換的禮品。",
    sign_in: "登入",
    sign_in_sent: "請在頁面上完成登入。",
    hello: "{name}，您好",
    balance: "積分餘額",
    points_unit: Plural::same("積分"),
    worth: "價值 {amount}",
    tier_badge: "會員等級：{tier}",
    benefits_title: "您的會員權益",
    progress_label: "升級至{tier}的進度",
    progress_text: "再消費 {amount} 即可升級為{tier}。",
    progress_text_by: "在 {date} 前再消費 {amount} 即可升級為{tier}。",
    top_tier: "您已是最高等級會員，感謝您的支持！",
    expiring: Plural::same("{n} 積分將於 {date} 過期，請儘快使用。"),
    history_title: "積分明細",
    history_empty: "暫無積分紀錄。",
    load_more: "載入更多",
    kind_earn: "獲得",
    kind_redeem: "兌換",
    kind_reverse: "退款扣回",
    kind_adjust: "調整",
    kind_expire: "過期",
    rewards_title: "積分兌換",
    rewards_empty: "暫無可兌換的禮品。",
    cost: Plural::same("{n} 積分"),
    stock_left: "剩餘 {n} 件",
    out_of_stock: "已兌完",
    need_more: Plural::same("還差 {n} 積分"),
    redeem: "兌換",
    confirm_question: Plural::same("確定用 {n} 積分兌換{reward}嗎？"),
    confirm_after: Plural::same("兌換後餘額：{n} 積分。"),
    confirm: "確認兌換",
    cancel: "取消",
    redeeming: "正在兌換…",
    redeemed: Plural::same("已兌換{reward}，目前積分餘額 {n}。"),
    err_insufficient: "您的積分不足，無法兌換此禮品。",
    err_out_of_stock: "抱歉，此禮品已兌完。",
    err_unknown_outcome: "暫時無法確認兌換結果，請重試：積分不會被重複扣除。",
    coupon_code: "您的券碼",
    copy_code: "複製券碼",
    copied: "已複製",
    copy_failed: "無法複製，請選取券碼後手動複製。",
    code_pending: "券碼正在發放中，稍後可在「積分明細」中查看。",
    done: "完成",
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The shared check compares placeholders with English; this pins English's own.
    #[test]
    fn progress_names_its_placeholders() {
        for name in ["{amount}", "{date}", "{tier}"] {
            assert!(EN.progress_text_by.contains(name), "{name}");
        }
    }

    #[test]
    fn traditional_is_not_a_copy_of_simplified() {
        assert_ne!(ZH_CN.balance, ZH_TW.balance);
        assert_ne!(ZH_CN.redeem, ZH_TW.redeem);
    }

    #[test]
    fn english_says_one_point_and_two_points() {
        let earn = |n: i64| {
            crate::i18n::fill(
                EN.earn_rule.pick(n),
                &[("n", &n.to_string()), ("amount", "¥1")],
            )
        };
        assert_eq!(earn(1), "Earn 1 point for every ¥1 you spend.");
        assert_eq!(earn(2), "Earn 2 points for every ¥1 you spend.");
        assert_eq!(ZH_CN.earn_rule.pick(1), ZH_CN.earn_rule.pick(2));
    }
}
