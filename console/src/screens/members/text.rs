//! Members and rewards' messages.

use patron_api::console::members::RedemptionStatus;

use crate::i18n::messages;

messages! {
    Text {
        Title => "Members & rewards", "会员与奖励", "會員與獎勵";
        Liability => "Points liability", "积分负债", "點數負債";
        Outstanding => "Outstanding points", "未兑换积分", "未兌換點數";
        Worth => "Worth", "价值", "價值";
        MembersWithPoints => "Members with points", "持有积分的会员", "持有點數的會員";
        Expiring => "Expiring within 30 days", "30 天内到期", "30 天內到期";
        PendingRedemptions => "Redemptions to fulfil", "待履约兑换", "待履約兌換";
        Points => "Points", "积分", "點數";
        Lookup => "Look a member up", "查询会员", "查詢會員";
        MemberId => "Member id", "会员编号", "會員編號";
        Find => "Find", "查询", "查詢";
        Balance => "Balance", "积分余额", "點數餘額";
        NextTier => "Next tier", "下一等级", "下一等級";
        SpendNeeded => "spend needed", "还需消费", "還需消費";
        TopTier => "Top tier", "已是最高等级", "已是最高等級";
        History => "History", "积分记录", "點數紀錄";
        Entry => "Entry", "记录", "紀錄";
        Redemptions => "Redemptions", "兑换", "兌換";
        Reward => "Reward", "奖励", "獎勵";
        Pending => "Pending", "待履约", "待履約";
        Fulfilled => "Fulfilled", "已履约", "已履約";
        Cancelled => "Cancelled (points returned)", "已取消（积分已退回）", "已取消（點數已退回）";
        Fulfil => "Fulfil", "履约", "履約";
        Cancel => "Cancel and return points", "取消并退回积分", "取消並退回點數";
        FulfilFor => "Fulfil: {n}", "履约：{n}", "履約：{n}";
        CancelFor => "Cancel and return points: {n}", "取消并退回积分：{n}", "取消並退回點數：{n}";
        Empty => "No redemptions match.", "没有符合条件的兑换。", "沒有符合條件的兌換。";
        NeverSeen => "The programme has never seen this member.", "积分计划中没有此会员。", "點數計畫中沒有此會員。";
    }
}

pub fn status(s: RedemptionStatus) -> Text {
    match s {
        RedemptionStatus::Pending => Text::Pending,
        RedemptionStatus::Fulfilled => Text::Fulfilled,
        RedemptionStatus::Cancelled => Text::Cancelled,
    }
}
