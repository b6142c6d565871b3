"""The demo's words: Chinese names, firms, trades, excuses, channels and refusal notes."""

from __future__ import annotations

from ..models import Channel
from ..workflow import RejectReason

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂建华文辉力永健世广志义兴良海山仁波宁贵福"
    "生龙元全国胜学祥才发武新利清飞彬富顺信昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振会思"
)
BRANDS = (
    "恒泰 宏远 鑫达 华盛 瑞丰 盛世 远航 嘉禾 宏图 众成 博源 中恒 天成 鼎盛 永兴 汇通 锦程 德信 "
    "荣达 新锐 凯旋 安泰 合力 弘业 顺安 广厦 利民 东升 北辰 金穗"
).split()
INDUSTRY = {
    "construction_building": ("建筑工程", "建设工程", "建筑劳务"),
    "construction_municipal": ("市政工程", "燃气工程", "管网工程"),
    "construction_transport": ("路桥工程", "交通建设", "公路工程"),
    "construction_water": ("水利水电工程", "水务工程"),
    "real_estate": ("房地产开发", "置业", "建设集团"),
    "manufacturing": ("机械制造", "服装", "电子科技", "食品"),
    "catering_services": ("餐饮管理", "酒店管理", "家政服务"),
    "tutoring": ("教育科技", "文化培训", "教育咨询"),
    "other": ("物流", "商贸", "物业服务", "网络科技"),
}
PROJECT_KINDS = {
    "construction_building": ("小区住宅工程", "安置房项目", "产业园厂房工程", "学校教学楼工程"),
    "construction_municipal": ("燃气管网改造工程", "雨污分流工程", "老旧小区改造工程"),
    "construction_transport": ("县道改扩建工程", "高速连接线工程", "桥梁加固工程"),
    "construction_water": ("灌区续建配套工程", "水库除险加固工程", "河道综合治理工程"),
    "real_estate": ("商住楼项目", "花园小区项目", "公寓项目"),
}
TRADES = {
    "construction_building": ("钢筋工", "木工", "泥瓦工", "架子工", "水电安装工", "抹灰工"),
    "construction_municipal": ("燃气管道安装工", "市政管网工", "路灯安装工", "绿化工"),
    "construction_transport": ("路基工", "桥梁工", "沥青摊铺工", "隧道工"),
    "construction_water": ("渠道衬砌工", "管道工", "混凝土工"),
    "real_estate": ("装修工", "水电安装工", "保安", "置业顾问"),
    "manufacturing": ("车间操作工", "焊工", "缝纫工", "质检员"),
    "catering_services": ("厨师", "服务员", "洗碗工", "保洁员"),
    "tutoring": ("英语教师", "数学教师", "课程顾问", "班主任"),
    "other": ("快递分拣员", "仓库管理员", "电商客服", "保安"),
}
EXCUSES_CONSTRUCTION = (
    "包工头称工程款未结算",
    "总包单位称建设单位未拨付工程进度款",
    "老板以工程质量有问题为由拒付",
    "包工头更换手机号后失联",
)
EXCUSES_OTHER = (
    "老板称经营困难",
    "公司称资金周转困难",
    "负责人失联",
    "公司以试用期考核不合格为由拒付",
)
# Source provinces of migrant workers: Sichuan, Chongqing, Guizhou, Henan, Hunan, Anhui,
# Gansu, Jiangxi, Guangxi, Inner Mongolia.
HOME_PROVINCES = ("51", "50", "52", "41", "43", "34", "62", "36", "45", "15")
# Construction is most of the arrears the campaign handles.
SECTOR_DECK = (
    *("construction_building",) * 4,
    *("construction_municipal", "construction_transport", "real_estate") * 2,
    "construction_water",
    *("manufacturing", "catering_services") * 2,
    "tutoring",
    "other",
)
STAFF_CHANNELS = (
    Channel.HOTLINE,
    Channel.HOTLINE,
    Channel.HOTLINE,
    Channel.WALK_IN,
    Channel.WALK_IN,
    Channel.LETTER,
    Channel.INSPECTION,
    Channel.API,
    Channel.NATIONAL_PLATFORM,
    Channel.NATIONAL_PLATFORM,
)
# The public note of a refusal says where to go instead (DESIGN §4).
REJECT_NOTES = {
    RejectReason.TIME_BARRED: (
        "欠薪行为终止已超过两年，超出劳动保障监察时效。"
        "请向劳动人事争议仲裁委员会申请仲裁或向人民法院起诉，可拨打12348申请法律援助。"
    ),
    RejectReason.IN_DISPUTE_PROCESS: (
        "该争议已进入劳动仲裁程序，请等待仲裁结果；仲裁裁决生效后可申请法院强制执行。"
    ),
    RejectReason.NOT_LABOUR_MATTER: (
        "反映事项属货款(买卖合同)纠纷，不属于劳动保障监察范围，请向人民法院起诉。"
    ),
    RejectReason.NO_IDENTIFIABLE_EMPLOYER: (
        "无法确定用人单位名称及地址，请补充工地名称、老板姓名等信息后重新投诉。"
    ),
    RejectReason.DUPLICATE: "与已受理的投诉重复，合并办理。",
}
