//! The Chinese words of the demo: matters a university office really supervises, and what people write.

use shared::matter::SourceCategory::{self, *};

/// One matter the office might supervise: title, where it comes from, and what is asked.
pub(super) struct Topic {
    pub title: &'static str,
    pub category: SourceCategory,
    pub reference: &'static str,
    pub content: &'static str,
}

const fn topic(
    title: &'static str,
    category: SourceCategory,
    reference: &'static str,
    content: &'static str,
) -> Topic {
    Topic {
        title,
        category,
        reference,
        content,
    }
}

pub(super) const TOPICS: [Topic; 30] = [
    topic(
        "推进本科教学审核评估整改",
        MeetingResolution,
        "党委常委会会议纪要",
        "对照审核评估专家组反馈意见，逐项制定整改方案，落实整改责任，按期形成整改报告。",
    ),
    topic(
        "完成新学期校园安全隐患排查",
        LeaderInstruction,
        "校领导在开学安全工作会议上的讲话",
        "对教学楼、实验室、学生宿舍、食堂等重点场所开展安全隐患全面排查，建立隐患台账并限期整改。",
    ),
    topic(
        "落实研究生奖助学金发放",
        StaffStudentConcern,
        "研究生代表座谈会反映问题",
        "核实研究生奖助学金评定结果，按时足额发放，并公开评定流程和咨询渠道。",
    ),
    topic(
        "推进智慧校园统一身份认证建设",
        PlanAndReform,
        "学校信息化建设规划",
        "完成统一身份认证平台与各业务系统对接，实现师生一次登录、全网通行。",
    ),
    topic(
        "贯彻落实全国教育大会精神",
        HigherDecision,
        "上级关于贯彻落实全国教育大会精神的通知",
        "研究制定学校贯彻落实方案，明确任务分工和时间节点，推动各项部署落地见效。",
    ),
    topic(
        "落实省教育厅高校毕业生就业工作通知要求",
        HigherInstruction,
        "省教育厅来文",
        "开展访企拓岗专项行动，建立未就业毕业生帮扶台账，按要求报送就业进展。",
    ),
    topic(
        "解决学生宿舍热水供应不稳定问题",
        StaffStudentConcern,
        "校长信箱来信",
        "排查宿舍热水系统故障原因，制定维修改造方案，保障学生正常用水。",
    ),
    topic(
        "推进新一轮一流学科建设",
        PlanAndReform,
        "学校年度工作要点",
        "对照建设方案梳理学科建设任务，完成年度建设目标并做好中期自评。",
    ),
    topic(
        "完成教职工代表大会提案办理",
        MeetingResolution,
        "教职工代表大会提案汇总",
        "对教代会立案提案逐件落实承办单位，按期答复提案人并公开办理结果。",
    ),
    topic(
        "推进实验室安全分级分类管理",
        LeaderInstruction,
        "分管校领导批示",
        "完成全校实验室安全风险分级，建立分类管理台账，落实安全责任人。",
    ),
    topic(
        "落实意识形态工作责任制",
        HigherDecision,
        "上级关于意识形态工作责任制的实施办法",
        "制定年度意识形态工作任务清单，开展专项检查并报送落实情况。",
    ),
    topic(
        "完善科研经费管理配套制度",
        PlanAndReform,
        "校长办公会会议纪要",
        "修订科研经费管理办法及配套细则，简化报销流程，落实科研人员自主权。",
    ),
    topic(
        "推进图书馆空间改造与延长开放时间",
        StaffStudentConcern,
        "学生代表大会提案",
        "完成图书馆自习空间改造，考试周延长开放时间，并做好安全保障。",
    ),
    topic(
        "落实校长办公会关于稳定食堂价格的决定",
        MeetingResolution,
        "校长办公会会议纪要",
        "落实食堂基本伙食价格稳定措施，做好价格监测和物资保供。",
    ),
    topic(
        "做好巡视反馈问题整改",
        HigherInstruction,
        "巡视组反馈意见",
        "对巡视反馈问题建立整改台账，明确责任单位和整改时限，逐项销号。",
    ),
    topic(
        "推进岗位聘用制度改革",
        PlanAndReform,
        "学校综合改革方案",
        "完成新一轮岗位设置与聘用方案的制定、论证和组织实施。",
    ),
    topic(
        "开展师德师风专项整治",
        HigherDecision,
        "上级关于加强师德师风建设的意见",
        "开展师德师风问题排查，完善师德考核与失范行为处理机制。",
    ),
    topic(
        "推进校园无障碍设施建设",
        StaffStudentConcern,
        "残疾学生及家长来信",
        "排查校园无障碍设施缺口，完成主要教学楼和宿舍的无障碍改造。",
    ),
    topic(
        "完成年度招生工作总结",
        LeaderInstruction,
        "校领导交办",
        "总结年度本科和研究生招生工作，分析生源质量，提出下一年度改进措施。",
    ),
    topic(
        "建设一流本科课程",
        PlanAndReform,
        "本科教学工作会议部署",
        "遴选培育校级一流课程，组织申报省级和国家级一流本科课程。",
    ),
    topic(
        "落实国家安全教育进课堂",
        HigherDecision,
        "上级关于加强大中小学国家安全教育的实施意见",
        "将国家安全教育纳入人才培养方案，开设相关课程并组织专题教育。",
    ),
    topic(
        "推进校史馆布展改造",
        LeaderInstruction,
        "党委书记批示",
        "完成校史馆布展方案论证和展陈改造，按期对外开放。",
    ),
    topic(
        "解决教学楼多媒体设备故障问题",
        StaffStudentConcern,
        "教师座谈会反映问题",
        "全面检修教学楼多媒体设备，建立报修快速响应机制。",
    ),
    topic(
        "规范国际学生教育管理服务",
        HigherInstruction,
        "上级主管部门来文",
        "对照国际学生管理规定完善入学、住宿、签证和教学管理制度。",
    ),
    topic(
        "落实党委常委会关于附属学校办学的决议",
        MeetingResolution,
        "党委常委会会议纪要",
        "理顺附属学校管理体制，落实办学经费和师资保障。",
    ),
    topic(
        "完成校园网出口带宽扩容",
        StaffStudentConcern,
        "学生网上留言",
        "完成校园网出口带宽扩容和无线网络覆盖优化，提升上网体验。",
    ),
    topic(
        "推进产学研协同创新平台建设",
        PlanAndReform,
        "学校年度工作要点",
        "联合行业企业共建协同创新平台，完成平台章程、场地和首批项目落地。",
    ),
    topic(
        "做好学生心理健康教育与危机干预",
        LeaderInstruction,
        "分管校领导批示",
        "完善心理健康四级预警网络，开展新生心理普查并建立重点关注学生台账。",
    ),
    topic(
        "推进档案数字化工作",
        Other,
        "档案工作会议部署",
        "完成历年文书档案数字化扫描和著录，建设档案管理信息系统。",
    ),
    topic(
        "推进节约型校园建设与能耗监测",
        Other,
        "上级关于公共机构节能工作的通知",
        "建设校园能耗监测平台，开展节水节电专项行动。",
    ),
];

/// Emergencies the office starts at once (GDUFS 第七条(五)): title, content, how it was started.
pub(super) const EMERGENCIES: [(&str, &str, &str); 6] = [
    (
        "台风过境后校园设施抢修",
        "立即排查台风造成的树木倒伏、门窗和供电设施损毁，组织抢修并确保师生安全。",
        "值班室电话通知",
    ),
    (
        "处置学生食堂疑似食物中毒事件",
        "立即封存留样，配合卫生部门调查，做好就医学生救治和家长沟通。",
        "分管校领导现场部署",
    ),
    (
        "排除实验楼危化品泄漏隐患",
        "立即疏散人员，处置泄漏危化品，排查全校危化品储存安全。",
        "现场口头部署",
    ),
    (
        "暴雨后地下车库积水抢排",
        "组织抢排积水，检查配电设施，做好车辆转移和安全警示。",
        "值班室电话通知",
    ),
    (
        "应对校园网络安全突发事件",
        "立即隔离受感染主机，排查漏洞并恢复业务系统，按规定报告。",
        "分管校领导电话部署",
    ),
    (
        "做好突发传染病防控处置",
        "落实病例报告、密接排查和环境消杀，保障正常教学秩序。",
        "校领导现场部署",
    ),
];

pub(super) const REQUIREMENTS: [&str; 4] = [
    "请明确责任人和时间表，按期办结并书面反馈办理结果。",
    "请制定工作方案，每月报送进展，办结后提交办结报告。",
    "请主办单位牵头、协办单位配合，按时限要求落实到位。",
    "请对照任务清单逐项落实，重要情况及时报告。",
];

pub(super) const MEASURES: [&str; 5] = [
    "成立工作专班，明确责任分工，按周调度推进",
    "制定实施方案，倒排工期，挂图作战",
    "召开专题会议研究部署，建立任务台账逐项销号",
    "会同协办单位分解任务，每两周通报一次进展",
    "先行完成调研摸底，再分阶段组织实施",
];

pub(super) const COMPLETION_FORMS: [&str; 4] = ["书面报告", "工作总结", "制度文件", "整改台账"];

pub(super) const PROGRESS: [&str; 8] = [
    "已完成前期调研，形成初步工作方案，正在征求意见。",
    "工作方案已经专题会议审议通过，各项任务正在分解落实。",
    "第一阶段工作已完成，整体进度约百分之四十。",
    "主体工作基本完成，正在整理佐证材料。",
    "已协调协办单位完成分工任务，进展顺利。",
    "已完成采购和招标程序，正在组织实施。",
    "本单位承担部分已完成，相关材料已报主办单位。",
    "已召开推进会，对滞后事项逐项明确整改措施。",
];

pub(super) const PHONE: [(&str, &str); 3] = [
    ("电话了解办理进度", "承办单位表示将按期完成"),
    ("电话提醒办结时限临近", "承办单位已加快推进"),
    ("电话核实进展情况", "已督促报送书面进展"),
];

pub(super) const VISIT: [(&str, &str); 3] = [
    ("到承办单位实地督办，查阅工作台账", "台账完整，进展符合预期"),
    ("走访承办单位，听取工作汇报", "已就难点问题提出协调意见"),
    ("上门督办，与单位负责人面谈", "单位负责人承诺加快推进"),
];

pub(super) const OTHER_FOLLOW_UPS: [(&str, &str); 3] = [
    (
        "召开协调会，明确主办和协办单位分工",
        "分工已明确，形成会议纪要",
    ),
    ("邮件发送进度提醒并索取佐证材料", "承办单位已回复并补充材料"),
    ("现场督查工作落实情况", "现场情况与报送材料一致"),
];

pub(super) const WORK_PLANS: [&str; 3] = [
    "分三个阶段推进：调研论证、组织实施、总结验收，每阶段明确责任人和完成时间。",
    "先完成现状摸底和方案论证，再分批组织实施，最后开展效果评估。",
    "建立周调度、月通报机制，按任务清单逐项推进。",
];

pub(super) const REPORT_WORK: [&str; 3] = [
    "成立工作专班，召开专题会议三次，逐项落实任务清单。",
    "会同协办单位完成调研、方案制定和组织实施，形成阶段总结。",
    "按照工作方案分阶段推进，各项任务均已完成并经验收。",
];

pub(super) const REPORT_RESULTS: [&str; 3] = [
    "各项任务全部完成，师生反映良好。",
    "建立了长效工作机制，相关问题得到有效解决。",
    "形成制度文件一项，完成年度目标任务。",
];

pub(super) const NEXT_STEPS: [&str; 3] = [
    "建立常态化监测机制，巩固工作成效。",
    "及时总结经验做法，推动制度化、长效化。",
    "持续跟踪落实情况，发现问题及时整改。",
];

/// Family and given names for the people of each unit, picked from the user id so they never change.
const SURNAMES: [&str; 20] = [
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "梁",
];
const GIVEN: [&str; 20] = [
    "伟", "芳", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超",
    "秀英", "晓东", "建华", "丽华", "志强",
];

/// A stable Chinese name for a demo user, for signatures and contact details.
pub fn name_of(user_id: &str) -> String {
    // FNV-1a: a tiny stable hash, so names do not depend on the standard library's seeded hasher.
    let h = user_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    let s = SURNAMES[(h % 20) as usize];
    let g = GIVEN[((h >> 8) % 20) as usize];
    format!("{s}{g}")
}

/// A stable office telephone number for a demo user (Guangzhou area code, as in the regulations' forms).
pub fn phone_of(user_id: &str) -> String {
    let h = user_id
        .bytes()
        .fold(7_u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    format!("020-3620{:04}", h % 10_000)
}
