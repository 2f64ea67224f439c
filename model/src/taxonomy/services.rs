//! The service types (what a listing offers), each with its plain-language explanation and
//! the national open data's service code, and the national files' service labels.

use super::ServiceTypeDef;

macro_rules! service {
    ($code:literal, $label:literal, $cat:literal, [$($m:literal),*], [$($a:literal),*], $hv:literal, $desc:literal) => {
        ServiceTypeDef {
            code: $code,
            label: $label,
            category: $cat,
            mhlw_codes: &[$($m),*],
            aliases: &[$($a),*],
            home_visit: $hv,
            description: $desc,
        }
    };
}

/// All service types, grouped by category, in display order.
pub const SERVICE_TYPES: &[ServiceTypeDef] = &[
    // 医療
    service!(
        "hospital",
        "病院",
        "medical",
        [],
        ["総合病院"],
        false,
        "入院できるベッドが20床以上ある医療機関です。"
    ),
    service!(
        "clinic",
        "診療所・医院",
        "medical",
        [],
        ["診療所", "医院", "クリニック", "一般診療所"],
        false,
        "かかりつけ医として外来診療を行う医療機関です。訪問診療や往診を行う診療所もあります。"
    ),
    service!(
        "dental_clinic",
        "歯科診療所",
        "medical",
        [],
        ["歯科医院", "歯科"],
        false,
        "歯の治療や入れ歯の調整、口の中のケアを行います。自宅へ訪問する歯科もあります。"
    ),
    service!(
        "pharmacy",
        "薬局",
        "medical",
        [],
        ["調剤薬局", "保険薬局"],
        false,
        "薬を調剤して説明します。薬剤師が自宅へ訪問して薬の管理を手伝う薬局もあります。"
    ),
    service!(
        "visiting_nursing",
        "訪問看護",
        "medical",
        ["130"],
        ["訪問看護ステーション", "訪問看護事業所"],
        true,
        "看護師などが自宅を訪問し、医師の指示のもとで病状の観察や医療処置、療養上の世話を行います。"
    ),
    service!(
        "home_rehab",
        "訪問リハビリテーション",
        "medical",
        ["140"],
        ["訪問リハ"],
        true,
        "理学療法士などが自宅を訪問し、生活の場でのリハビリテーションを行います。"
    ),
    service!(
        "day_rehab",
        "通所リハビリテーション",
        "medical",
        ["160"],
        ["デイケア", "通所リハ"],
        false,
        "老健や病院・診療所に通い、日帰りでリハビリテーションを受けます（デイケア）。"
    ),
    // 介護
    service!(
        "care_management",
        "居宅介護支援",
        "care",
        ["430"],
        ["居宅介護支援事業所", "ケアプランセンター"],
        true,
        "ケアマネジャー（介護支援専門員）が相談に応じ、介護サービスの計画（ケアプラン）を作ります。"
    ),
    service!(
        "community_support_center",
        "地域包括支援センター",
        "care",
        [],
        ["包括", "高齢者あんしん支援センター", "いきいきセンター"],
        false,
        "高齢者の暮らしの総合相談窓口です。介護・福祉・健康・権利擁護の相談に応じます。"
    ),
    service!(
        "home_help",
        "訪問介護",
        "care",
        ["110"],
        ["ホームヘルプ", "ホームヘルパー"],
        true,
        "ホームヘルパーが自宅を訪問し、入浴・排せつ・食事などの介助や掃除・買い物などの生活援助を行います。"
    ),
    service!(
        "home_bathing",
        "訪問入浴介護",
        "care",
        ["120"],
        ["訪問入浴"],
        true,
        "浴槽を積んだ車で自宅を訪問し、入浴の介助を行います。"
    ),
    service!(
        "periodic_visit_care",
        "定期巡回・随時対応型訪問介護看護",
        "care",
        ["760"],
        ["定期巡回"],
        true,
        "日中・夜間を通じて定期的な巡回と、通報による随時の訪問で介護と看護を行います。"
    ),
    service!(
        "night_home_help",
        "夜間対応型訪問介護",
        "care",
        ["710"],
        [],
        true,
        "夜間の定期巡回や、通報に応じた訪問で介護を行います。"
    ),
    service!(
        "day_service",
        "通所介護（デイサービス）",
        "care",
        ["150", "155", "780"],
        [
            "通所介護",
            "デイサービス",
            "地域密着型通所介護",
            "療養通所介護"
        ],
        false,
        "日帰りで施設に通い、食事・入浴・機能訓練やレクリエーションを受けます。"
    ),
    service!(
        "dementia_day_service",
        "認知症対応型通所介護",
        "care",
        ["720"],
        ["認知症デイサービス"],
        false,
        "認知症の方が日帰りで通い、少人数で介護や機能訓練を受けます。"
    ),
    service!(
        "short_stay",
        "短期入所生活介護（ショートステイ）",
        "care",
        ["210"],
        ["短期入所生活介護", "ショートステイ"],
        false,
        "特養などに短期間泊まり、介護や機能訓練を受けます。家族の休息（レスパイト）にも使われます。"
    ),
    service!(
        "short_stay_medical",
        "短期入所療養介護",
        "care",
        ["220", "230", "551"],
        ["医療型ショートステイ"],
        false,
        "老健や病院などに短期間泊まり、医学的な管理のもとで看護・介護・リハビリを受けます。"
    ),
    service!(
        "small_multifunction",
        "小規模多機能型居宅介護",
        "care",
        ["730"],
        ["小規模多機能", "小多機"],
        true,
        "「通い」を中心に「訪問」「泊まり」を組み合わせ、顔なじみの職員から切れ目なく支援を受けます。"
    ),
    service!(
        "nursing_small_multifunction",
        "看護小規模多機能型居宅介護",
        "care",
        ["770"],
        ["看多機", "複合型サービス"],
        true,
        "小規模多機能型居宅介護に訪問看護を組み合わせ、医療的なケアが必要な方も支えます。"
    ),
    service!(
        "group_home",
        "認知症グループホーム",
        "care",
        ["320"],
        ["認知症対応型共同生活介護", "グループホーム"],
        false,
        "認知症の方が少人数で共同生活を送り、介護を受けながら暮らします。"
    ),
    service!(
        "special_nursing_home",
        "特別養護老人ホーム",
        "care",
        ["510", "540"],
        ["介護老人福祉施設", "特養", "地域密着型介護老人福祉施設"],
        false,
        "常に介護が必要な方が入所して生活する施設です（原則 要介護3以上）。"
    ),
    service!(
        "geriatric_health_facility",
        "介護老人保健施設",
        "care",
        ["520"],
        ["老健"],
        false,
        "在宅復帰をめざして、看護・介護・リハビリを受けながら入所する施設です。"
    ),
    service!(
        "care_medical_institution",
        "介護医療院",
        "care",
        ["550", "530"],
        ["介護療養型医療施設"],
        false,
        "長期の療養が必要な方が、医療と介護を一体的に受けながら暮らす施設です。"
    ),
    service!(
        "residential_home",
        "有料老人ホーム・サービス付き高齢者向け住宅",
        "care",
        ["331", "332", "334", "336", "337"],
        [
            "有料老人ホーム",
            "サービス付き高齢者向け住宅",
            "サ高住",
            "特定施設入居者生活介護"
        ],
        false,
        "食事や生活支援、介護などのサービスがついた高齢者向けの住まいです。"
    ),
    service!(
        "welfare_equipment",
        "福祉用具貸与・販売",
        "care",
        ["170", "410"],
        ["福祉用具貸与", "特定福祉用具販売", "福祉用具"],
        false,
        "車いすや介護ベッドなどの福祉用具を貸し出し、選び方や使い方を助言します。"
    ),
    // 認知症
    service!(
        "dementia_medical_center",
        "認知症疾患医療センター",
        "dementia",
        [],
        [],
        false,
        "認知症の専門的な診断や相談を行う、都道府県などが指定した医療機関です。"
    ),
    service!(
        "memory_clinic",
        "もの忘れ外来",
        "dementia",
        [],
        ["認知症外来", "メモリークリニック"],
        false,
        "もの忘れや認知症の心配について診察を受けられる外来です。"
    ),
    service!(
        "dementia_initial_support_team",
        "認知症初期集中支援チーム",
        "dementia",
        [],
        [],
        true,
        "医療と介護の専門職が自宅を訪問し、認知症の初期の支援を集中的に行います。"
    ),
    service!(
        "dementia_cafe",
        "認知症カフェ",
        "dementia",
        [],
        ["オレンジカフェ"],
        false,
        "認知症の方や家族、地域の人が気軽に集い、相談もできる場所です。"
    ),
    // 生活支援
    service!(
        "meal_delivery",
        "配食サービス",
        "living_support",
        [],
        ["宅配弁当", "配食"],
        true,
        "食事（お弁当）を自宅に届け、あわせて安否確認を行うサービスです。"
    ),
    service!(
        "shopping_support",
        "買い物支援",
        "living_support",
        [],
        ["移動販売", "日用品配達"],
        true,
        "日用品の配達や移動販売、買い物への付き添いなどの支援です。"
    ),
    service!(
        "visiting_barber",
        "訪問理美容",
        "living_support",
        [],
        ["理美容"],
        true,
        "理容師・美容師が自宅や施設を訪問してカットなどを行います。"
    ),
    service!(
        "transport_support",
        "移動支援・介護タクシー",
        "living_support",
        [],
        ["介護タクシー", "乗り合いタクシー", "移動支援"],
        false,
        "通院や買い物のための送迎や、車いすのまま乗れるタクシーなどです。"
    ),
    service!(
        "housework_support",
        "家事支援",
        "living_support",
        [],
        [],
        true,
        "掃除・洗濯・調理などの家事を手伝う保険外のサービスです。"
    ),
    service!(
        "community_salon",
        "サロン・通いの場",
        "living_support",
        [],
        ["居場所", "サロン"],
        false,
        "地域の人が集まって体操やおしゃべりを楽しむ場所です。"
    ),
    service!(
        "guardianship",
        "成年後見・権利擁護",
        "living_support",
        [],
        ["権利擁護"],
        false,
        "判断能力が不十分な方の財産管理や契約を支える制度の相談窓口です。"
    ),
    // 障害福祉
    service!(
        "disability_service",
        "障害福祉サービス事業所",
        "disability",
        [],
        ["障害事業所"],
        false,
        "障害のある方の日中活動や生活を支える事業所です。"
    ),
    service!(
        "disability_consultation",
        "障害者相談支援",
        "disability",
        [],
        ["基幹相談支援センター"],
        false,
        "障害のある方や家族の相談に応じ、サービス利用を支援します。"
    ),
    // 相談窓口・行政
    service!(
        "home_care_coordination_center",
        "在宅医療・介護連携支援センター",
        "consultation",
        [],
        ["在宅医療・介護連携相談窓口", "連携支援センター"],
        false,
        "医療・介護の専門職や住民からの在宅医療・介護の相談に応じる窓口です。"
    ),
    service!(
        "hospital_liaison",
        "病院地域連携室",
        "consultation",
        [],
        ["地域医療連携室", "退院支援", "医療相談室"],
        false,
        "入院・退院の相談や、病院と地域の医療・介護の橋渡しをする病院内の窓口です。"
    ),
    service!(
        "municipal_office",
        "市町村の担当窓口",
        "consultation",
        [],
        ["行政関連", "市役所"],
        false,
        "介護保険や高齢者福祉の手続き・相談を行う市役所・町村役場の窓口です。"
    ),
    service!(
        "health_center",
        "保健所・保健センター",
        "consultation",
        [],
        ["保健センター", "保健所"],
        false,
        "健康相談や健診、感染症対策などを行う公的な機関です。"
    ),
    service!(
        "social_welfare_council",
        "社会福祉協議会",
        "consultation",
        [],
        ["社協", "生活支援コーディネーター"],
        false,
        "地域福祉の推進やボランティア活動の支援、生活の困りごとの相談を行います。"
    ),
];

/// MHLW 介護サービス情報公表 service codes and their サービスの種類 labels.
pub const MHLW_LABELS: &[(&str, &str)] = &[
    ("110", "訪問介護"),
    ("120", "訪問入浴介護"),
    ("130", "訪問看護"),
    ("140", "訪問リハビリテーション"),
    ("150", "通所介護"),
    ("155", "療養通所介護"),
    ("160", "通所リハビリテーション"),
    ("170", "福祉用具貸与"),
    ("210", "短期入所生活介護"),
    ("220", "短期入所療養介護（介護老人保健施設）"),
    ("230", "短期入所療養介護（療養病床を有する病院等）"),
    ("320", "認知症対応型共同生活介護"),
    ("331", "特定施設入居者生活介護（有料老人ホーム）"),
    ("332", "特定施設入居者生活介護（軽費老人ホーム）"),
    (
        "334",
        "特定施設入居者生活介護（サービス付き高齢者向け住宅）",
    ),
    ("410", "特定福祉用具販売"),
    ("430", "居宅介護支援"),
    ("510", "介護老人福祉施設"),
    ("520", "介護老人保健施設"),
    ("530", "介護療養型医療施設"),
    ("540", "地域密着型介護老人福祉施設入所者生活介護"),
    ("550", "介護医療院"),
    ("551", "短期入所療養介護（介護医療院）"),
    ("710", "夜間対応型訪問介護"),
    ("720", "認知症対応型通所介護"),
    ("730", "小規模多機能型居宅介護"),
    ("760", "定期巡回・随時対応型訪問介護看護"),
    ("770", "看護小規模多機能型居宅介護"),
    ("780", "地域密着型通所介護"),
];
