"""Generate a realistic synthetic plan set (reference input format v1) for benchmarks.

    python benchmarks/generate.py N OUTDIR [--seed S]

writes OUTDIR/market.yaml, OUTDIR/industries/<id>.yaml (one per catalog industry) and
OUTDIR/customers/c0001.yaml … for N key customers spread over 8 regions and 10 industries, with
13 business lines. Every customer fills every section; the text is Chinese, composed from phrase
lists; customer sizes (base-year revenue) are log-normal, from about 10 to 2000 万元.

Deterministic: the same N and seed give byte-identical files. Each customer is drawn from its own
generator seeded with (seed, index), so the first 10 customers of a 100-customer set are those of
the 10-customer set; the market file (bulk rows, guidance) depends on N.
"""

# ruff: noqa: E501  (the phrase tables below are data: one list per line reads best)

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import shutil
import sys
from pathlib import Path

import yaml

YEAR = 2027
BASE_YEAR = 2026
CITY = "江州"
OPERATOR = "中国电信"
COMPETITORS = ["中国移动", "中国联通", "中国广电"]

REGIONS = [
    ("central", "中心城区", 0.24), ("north", "江北区", 0.15), ("south", "江南新区", 0.14),
    ("east", "东湖区", 0.12), ("west", "西山区", 0.10), ("hitech", "高新区", 0.10),
    ("port", "临港经济区", 0.08), ("county", "清溪县及云岭县", 0.07),
]
DISTRICT_NAMES = {"central": "中心城区", "north": "江北区", "south": "江南新区", "east": "东湖区",
                  "west": "西山区", "hitech": "高新区", "port": "临港区", "county": "清溪县"}

BUSINESS_LINES = [
    ("voice", "话音", "traditional"), ("data", "数据", "traditional"),
    ("internet", "互联网", "traditional"), ("video", "视频", "transformation"),
    ("vas", "增值", "transformation"), ("cloud", "云及IDC", "new"),
    ("integration", "系统集成", "new"), ("consulting", "咨询", "new"),
    ("maintenance", "维护外包", "new"), ("dr", "灾备", "new"), ("managed", "管理型业务", "new"),
    ("iot", "物联网", "new"), ("private5g", "5G专网", "new"),
]
BL_NAME = {b[0]: b[1] for b in BUSINESS_LINES}
# the catalog's English names (name_en, carriers_en), for documents built with --lang en
NAME_EN = {
    "central": "City Centre", "north": "Jiangbei District", "south": "Jiangnan New Area",
    "east": "Donghu District", "west": "Xishan District", "hitech": "Hi-tech Zone",
    "port": "Lingang Economic Zone", "county": "Qingxi and Yunling Counties",
    "voice": "Voice", "data": "Data", "internet": "Internet", "video": "Video",
    "vas": "Value-added services", "cloud": "Cloud and IDC", "integration": "System integration",
    "consulting": "Consulting", "maintenance": "Outsourced maintenance",
    "dr": "Disaster recovery", "managed": "Managed services", "iot": "IoT",
    "private5g": "5G private networks", "gov": "Government", "finance": "Finance",
    "health": "Healthcare", "edu": "Education", "manufacturing": "Manufacturing",
    "transport": "Transport and logistics", "energy": "Energy and power",
    "retail": "Retail and trade", "media": "Culture, tourism and media",
    "agri": "Agriculture and rural affairs",
}
CARRIERS_EN = {"中国电信": "China Telecom", "中国移动": "China Mobile", "中国联通": "China Unicom",
               "中国广电": "China Broadnet"}
BL_IDS = [b[0] for b in BUSINESS_LINES]

STRATEGY_DIMENSIONS = ["竞争", "价格", "差异化", "组合营销", "合作", "服务", "品牌", "产品", "促销"]
QUARTERS = ["Q1", "Q2", "Q3", "Q4"]

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建文晨浩宇欣怡子涵思远志国海波雪梅红斌凯琳晓东")

# ---------------------------------------------------------------- industries

# id, name, weight of customers, business-line weights (customers' stock / opportunities)
INDUSTRIES = {
    "gov": dict(name="政务", weight=0.16, lines=dict(data=10, internet=6, cloud=8, voice=5, video=5,
                                                      managed=4, integration=4, dr=2, consulting=2,
                                                      maintenance=3, vas=2, iot=1, private5g=1)),
    "finance": dict(name="金融", weight=0.11, lines=dict(data=10, dr=6, internet=5, voice=4,
                                                          cloud=4, managed=4, vas=3, video=2,
                                                          integration=2, maintenance=2,
                                                          consulting=1, iot=1, private5g=1)),
    "health": dict(name="医疗卫生", weight=0.11, lines=dict(data=8, cloud=7, internet=6, voice=4,
                                                            video=4, vas=3, dr=3, integration=3,
                                                            private5g=2, managed=2, maintenance=2,
                                                            consulting=1, iot=1)),
    "edu": dict(name="教育", weight=0.12, lines=dict(internet=10, video=5, cloud=4, data=4, voice=3,
                                                      integration=3, vas=2, managed=2,
                                                      maintenance=2, iot=1, private5g=1,
                                                      consulting=1, dr=1)),
    "manufacturing": dict(name="工业制造", weight=0.16, lines=dict(internet=8, data=7, private5g=5,
                                                                   iot=6, cloud=5, voice=4,
                                                                   integration=3, managed=2,
                                                                   maintenance=2, vas=2, dr=1,
                                                                   video=1, consulting=1)),
    "transport": dict(name="交通物流", weight=0.08, lines=dict(data=7, iot=7, internet=6, voice=4,
                                                               video=4, cloud=3, private5g=3,
                                                               integration=2, vas=2, managed=1,
                                                               maintenance=2, dr=1,
                                                               consulting=1)),
    "energy": dict(name="能源电力", weight=0.07, lines=dict(data=9, iot=7, private5g=4, internet=4,
                                                            voice=3, cloud=3, dr=3, video=2,
                                                            integration=2, managed=2,
                                                            maintenance=3, vas=1, consulting=1)),
    "retail": dict(name="商贸零售", weight=0.07, lines=dict(internet=9, voice=5, vas=5, cloud=4,
                                                            data=4, iot=3, video=2, managed=2,
                                                            integration=1, maintenance=1, dr=1,
                                                            consulting=1, private5g=1)),
    "media": dict(name="文旅传媒", weight=0.06, lines=dict(internet=8, video=7, cloud=6, data=4,
                                                           vas=4, voice=3, integration=2, iot=2,
                                                           managed=1, maintenance=1, dr=1,
                                                           consulting=1, private5g=1)),
    "agri": dict(name="农业农村", weight=0.06, lines=dict(internet=7, iot=7, data=5, voice=4,
                                                          video=3, cloud=3, integration=2, vas=2,
                                                          maintenance=1, managed=1, dr=1,
                                                          consulting=1, private5g=1)),
}
INDUSTRY_IDS = list(INDUSTRIES)

# customer names: a list of (pattern, pools); {d} district, {c} city, {n} ordinal
NAME_PARTS = {
    "gov": dict(
        orgs=["大数据局", "公安局", "交通运输局", "行政审批局", "人力资源和社会保障局", "税务局",
              "应急管理局", "自然资源和规划局", "生态环境局", "住房和城乡建设局", "市场监督管理局",
              "卫生健康委员会", "教育局", "财政局", "民政局", "城市管理局", "水利局", "文化广电旅游局",
              "司法局", "统计局", "医疗保障局", "政务服务中心", "融媒体中心", "档案馆", "公积金管理中心"],
        patterns=["{c}市{o}", "{d}{o}", "{d}人民政府办公室", "{d}{t}街道办事处", "{d}{t}镇人民政府"],
    ),
    "finance": dict(
        orgs=["工商银行", "农业银行", "中国银行", "建设银行", "交通银行", "邮储银行", "招商银行",
              "兴业银行", "浦发银行", "中信银行", "民生银行", "光大银行", "平安银行", "华夏银行",
              "农村商业银行", "城市商业银行", "人寿保险", "财产保险", "太平洋保险", "证券营业部",
              "信用合作联社", "村镇银行", "期货营业部", "融资担保公司"],
        patterns=["{o}{c}分行", "{o}{d}支行", "{c}{o}", "{o}{c}中心支公司", "{c}{t}{o}"],
    ),
    "health": dict(
        orgs=["人民医院", "中医院", "妇幼保健院", "疾病预防控制中心", "第一人民医院", "第二人民医院",
              "第三人民医院", "中心医院", "口腔医院", "精神卫生中心", "急救中心", "血站", "肿瘤医院",
              "儿童医院", "骨科医院", "康复医院", "社区卫生服务中心", "卫生院", "眼科医院"],
        patterns=["{c}市{o}", "{d}{o}", "{c}{t}{o}", "{d}{t}{o}"],
    ),
    "edu": dict(
        orgs=["第一中学", "第二中学", "实验中学", "实验小学", "外国语学校", "职业技术学院", "高级中学",
              "中等职业学校", "师范学校", "技师学院", "开放大学", "特殊教育学校", "第三中学", "育才中学",
              "理工学院", "幼儿园", "体育运动学校", "艺术学校"],
        patterns=["{c}市{o}", "{d}{o}", "{c}{t}{o}", "{d}{t}{o}"],
    ),
    "manufacturing": dict(
        orgs=["重工", "新材料", "精密机械", "汽车零部件", "电子科技", "化工", "纺织", "钢铁",
              "光电", "智能装备", "医药", "食品", "电缆", "家具", "锂电", "半导体", "造纸", "建材",
              "船舶", "模具"],
        patterns=["{c}{t}{o}有限公司", "{c}{o}集团有限公司", "{t}{o}股份有限公司",
                  "{c}{t}{o}科技有限公司"],
    ),
    "transport": dict(
        orgs=["港务集团", "公交集团", "轨道交通", "高速公路管理处", "物流园", "机场", "汽车客运站",
              "快递分拨中心", "冷链物流", "航运", "铁路物流中心", "出租汽车", "城市配送"],
        patterns=["{c}{o}有限公司", "{c}{t}{o}", "{d}{o}", "{c}{t}{o}有限公司"],
    ),
    "energy": dict(
        orgs=["供电公司", "燃气集团", "水务集团", "热力公司", "光伏电站", "风电场", "石化分公司",
              "发电厂", "储能科技", "新能源", "油气储运", "电力设计院"],
        patterns=["{c}{o}", "{d}{o}", "{c}{t}{o}有限公司", "国网{c}{d}{o}"],
    ),
    "retail": dict(
        orgs=["百货", "超市连锁", "购物中心", "商贸城", "农贸市场", "医药连锁", "家电卖场", "便利店",
              "汽车销售服务", "建材市场", "电商产业园", "酒店管理"],
        patterns=["{c}{t}{o}有限公司", "{c}{o}集团", "{d}{t}{o}", "{t}{o}连锁有限公司"],
    ),
    "media": dict(
        orgs=["广播电视台", "报业集团", "文旅集团", "博物馆", "图书馆", "景区管理处", "大剧院",
              "体育中心", "会展中心", "出版社", "影视基地", "文化馆"],
        patterns=["{c}{o}", "{c}市{o}", "{d}{o}", "{c}{t}{o}"],
    ),
    "agri": dict(
        orgs=["农业农村局", "农垦集团", "农产品批发市场", "现代农业产业园", "种业公司", "供销合作社",
              "畜牧养殖公司", "水产养殖基地", "茶业公司", "林场", "粮食储备库", "农机合作社"],
        patterns=["{c}{o}", "{d}{o}", "{c}{t}{o}", "{d}{t}{o}"],
    ),
}
PLACE_WORDS = ["东方", "华源", "恒远", "金桥", "新港", "瑞丰", "宏达", "长江", "正泰", "明珠", "天成",
               "鑫盛", "永安", "汇通", "盛世", "龙腾", "锦程", "博雅", "和平", "兴华", "云岭", "清溪",
               "青山", "白鹭", "南湖", "北辰", "凤凰", "翠屏", "望江", "临港", "双桥", "梧桐", "桂园",
               "红旗", "光明", "新城", "滨江", "湖滨", "石门", "柳林"]

INFO_LEVELS = ["高", "较高", "中等", "较低"]

POSITION_SUBJECT = {
    "gov": ["全市{x}主管部门", "{d}重要职能部门", "市级重点委办局", "区县政务服务前台单位"],
    "finance": ["本地存款规模前{k}的银行机构", "辖内网点{m}个的金融机构", "区域性重点金融机构",
                "本地保费收入排名前{k}的保险机构"],
    "health": ["三级甲等综合医院", "二级甲等专科医院", "区域医疗中心", "紧密型医共体成员单位",
               "基层医疗卫生机构"],
    "edu": ["市属重点学校", "省级示范学校", "区域优质教育集团牵头校", "在校师生约{m}00人的学校",
            "智慧校园试点学校"],
    "manufacturing": ["年产值约{m}亿元的骨干企业", "省级专精特新企业", "园区龙头企业",
                      "国家级高新技术企业", "行业细分领域前{k}名的制造企业"],
    "transport": ["本地交通运输骨干企业", "区域物流枢纽运营单位", "承担全市{x}的运营单位",
                  "日均吞吐量约{m}万件的物流企业"],
    "energy": ["本地能源保供骨干单位", "承担全市{x}的公用事业单位", "装机容量约{m}0兆瓦的能源企业"],
    "retail": ["本地连锁门店{m}家的商贸企业", "区域商贸流通龙头", "年销售额约{m}亿元的零售企业"],
    "media": ["市级主流媒体单位", "国家4A级旅游景区运营单位", "本地文化旅游龙头单位",
              "年接待游客约{m}0万人次的文旅单位"],
    "agri": ["省级农业产业化龙头企业", "市级现代农业示范单位", "全市{x}的主管单位",
             "带动农户约{m}00户的合作组织"],
}
POSITION_X = ["政务信息化统筹", "公共服务保障", "城市运行管理", "民生服务", "产业发展促进"]
POSITION_TAIL = ["，信息化投入逐年增加。", "，近年业务扩张较快。", "，对网络可靠性要求高。",
                 "，正推进数字化转型。", "，是行业内的标杆客户。", "，组织架构调整后集中采购。",
                 "，分支机构分布全市各区县。", "，新院区/新厂区建设带来新增需求。", "。"]

STRUCTURES = [
    "总部—分支两级星型组网", "{a}核心+分支机构星型互联", "市—区县—乡镇三级组网", "双核心环网，分支机构单上联",
    "总部集中部署，分支通过SD-WAN接入", "专网与互联网出口分离，办公网和业务网物理隔离",
    "园区万兆骨干+车间5G专网覆盖", "单点出口，内部二层扁平网络", "主数据中心+同城灾备中心双活组网",
]
TIER_LEVELS = [
    ["核心层", "汇聚层", "接入层", "互联网出口"],
    ["总部核心", "区县分支", "基层网点", "互联网出口"],
    ["数据中心互联", "院区/厂区互联", "业务专网", "互联网出口"],
    ["市级核心", "区县汇聚", "乡镇接入", "移动接入"],
]
TECHNOLOGIES = ["OTN", "MSTP", "MPLS-VPN", "SD-WAN", "互联网专线", "PON", "5G切片", "IPRAN", "裸光纤"]
BANDWIDTHS = [20, 50, 100, 200, 300, 500, 1000, 2000, 10000]
ACCESS = ["光纤", "光纤双上联", "5G", "光纤+4G备份", "PON接入", "微波"]
BACKUPS = ["双路由", "无", "4G备份", "5G备份", "联通第二路由", "移动专线备份", "异地备份链路"]
EQUIPMENT = ["华为 NE40E", "华为 AR6140", "华为 OSN 1800", "中兴 ZXR10", "新华三 MSR", "锐捷 RG-NBR",
             "思科 ASR1000", "深信服 SD-WAN", "迈普 MP", "烽火 CiTRANS", "中兴 ZXCTN"]
APPLICATIONS = {
    "gov": ["电子政务外网", "视频会商", "政务云互联", "一网通办", "城市大脑", "雪亮工程", "OA办公", "应急指挥"],
    "finance": ["核心业务系统", "视频柜员", "办公网", "ATM联网", "数据灾备", "手机银行", "呼叫中心", "反欺诈平台"],
    "health": ["HIS", "PACS影像", "电子病历", "医保结算", "远程会诊", "互联网医院", "LIS检验", "移动护理"],
    "edu": ["录播教室", "校园网", "云课堂", "智慧校园平台", "教务系统", "安防监控", "宿舍宽带", "考试监考"],
    "manufacturing": ["MES", "ERP", "工业视觉质检", "AGV调度", "设备联网", "视频监控", "供应链协同", "能耗管理"],
    "transport": ["车辆调度", "电子收费", "视频监控", "物流追踪", "票务系统", "港口作业", "冷链监测", "OA办公"],
    "energy": ["调度自动化", "用电信息采集", "管网监测", "视频巡检", "营销系统", "安全生产监控", "OA办公"],
    "retail": ["收银系统", "会员营销", "门店监控", "供应链管理", "电商平台", "客流分析", "OA办公"],
    "media": ["融媒体制播", "票务系统", "景区监控", "网络直播", "文物数字化", "客流监测", "OA办公"],
    "agri": ["农产品溯源", "大棚环境监测", "视频监控", "电商直播", "水利灌溉监测", "OA办公", "农机调度"],
}
PARTNERS = {
    "gov": ["华为", "浪潮", "数字政通", "太极股份", "中国软件", "本地集成商甲", "海康威视", "深信服"],
    "finance": ["神州数码", "长亮科技", "宇信科技", "华为", "新华三", "奇安信", "中科软"],
    "health": ["卫宁健康", "东软医疗", "创业慧康", "华为", "联影医疗", "万达信息"],
    "edu": ["锐捷", "希沃", "科大讯飞", "华为", "新开普", "本地集成商乙"],
    "manufacturing": ["用友", "金蝶", "华为", "树根互联", "西门子", "海尔卡奥斯", "研华科技"],
    "transport": ["海康威视", "千方科技", "华为", "中兴", "易华录", "顺丰科技"],
    "energy": ["国网信通", "南瑞集团", "华为", "许继电气", "中控技术"],
    "retail": ["有赞", "用友", "海信商用", "华为", "微盟"],
    "media": ["索贝", "大洋", "华为", "海康威视", "阿里云"],
    "agri": ["大疆农业", "托普云农", "华为", "本地农业信息化公司"],
}
INTEGRATION_TEXT = [
    "信息中心自建运维团队，重大项目公开招标。", "系统由本地集成商承建，日常运维外包。",
    "上级单位统一规划建设，本地负责实施和运维。", "核心系统自建，网络和机房运维外包给专业公司。",
    "新建项目采用总包方式招标，存量系统由原厂维保。", "由集团科技公司统一集成，分支机构负责属地实施。",
]
SOURCING = ["自建", "招标", "外包"]

PROJECT_WORDS = {
    "gov": ["政务云扩容", "数据共享交换平台二期", "一网统管平台", "视频会商系统升级", "信创改造",
            "电子政务外网改造", "应急指挥平台", "网络安全等保整改"],
    "finance": ["同城灾备中心", "网点SD-WAN改造", "信创替代", "数据中心扩容", "智能客服升级",
                "安全态势感知平台", "移动展业平台"],
    "health": ["新院区信息化建设", "电子病历评级整改", "5G院前急救", "医学影像云扩容", "互联网医院二期",
               "医共体信息平台", "数据中心灾备"],
    "edu": ["智慧校园平台", "千兆校园网改造", "录播教室扩建", "教育城域网升级", "新校区网络建设",
            "校园安防升级"],
    "manufacturing": ["5G全连接工厂", "MES系统升级", "工业互联网平台", "数字化车间改造", "智能仓储",
                      "工厂视觉质检", "新厂区网络建设"],
    "transport": ["智慧港口", "车路协同试点", "物流园区网络改造", "智能调度平台", "冷链监测平台"],
    "energy": ["智能电网通信改造", "管网监测物联网", "新能源场站组网", "调度中心灾备", "视频巡检平台"],
    "retail": ["门店网络改造", "会员数字化平台", "智慧门店", "供应链云平台"],
    "media": ["融媒体中心升级", "智慧景区", "4K超高清制播", "文物数字化工程"],
    "agri": ["智慧农业示范园", "农产品溯源平台", "数字乡村", "高标准农田物联网"],
}
VALUE_CLAIMS = ["业务系统7×24连续运行", "数据安全合规", "降低运维成本", "网络高可靠", "业务快速上线",
                "集约化建设", "统一运维管理", "提升客户体验", "满足等保合规", "国产化替代",
                "降低通信总支出", "移动办公便捷", "资源弹性扩展", "服务响应及时"]
GOAL_PATTERNS = ["{y}年底核心系统上云率达到{p}%", "完成{proj}建设并投入运行", "{y}年建成统一运维平台",
                 "实现各分支机构网络全覆盖", "通过等保2.0三级测评", "{y}年底完成信创替代{p}%",
                 "网络可用率提升至99.9{k}%"]
INNOVATION = ["与我方联合打造行业示范应用", "引入AI大模型辅助业务办理", "探索5G+边缘计算应用",
              "联合生态伙伴提供托管安全服务", "建设数据运营中心开展数据服务", "开展云网融合联合创新实验室",
              "试点物联网感知终端规模部署", "联合推出行业云SaaS订阅服务"]

RISKS = ["合同{y}年{m}月到期，需重新招标", "竞争对手以低价切入", "上级单位集中采购可能整体迁移",
         "业务量下降导致收入减少", "客户预算压缩", "关键联系人岗位调整", "客户自建网络替代租用",
         "对手提供免费试用", "服务投诉未彻底解决", "资费到期后续约价格下调"]
MEASURES = ["提前启动续约谈判，签订三年合同", "高层拜访巩固合作关系", "以融合套餐锁定存量",
            "提供免费提速和服务升级", "纳入上级集采框架协议", "配置驻场工程师提升服务",
            "推出阶梯折扣稳定收入", "以云网一体方案提高转网成本", "定期开展服务回访并整改问题"]

OPP_PATTERNS = {
    "voice": ["云总机升级", "融合语音套餐", "呼叫中心扩容"],
    "data": ["{proj}专线", "分支机构专线扩容", "双路由改造", "城域专网升级"],
    "internet": ["互联网出口扩容", "千兆宽带提速", "{proj}互联网接入"],
    "video": ["云视讯会议系统", "视频监控上云", "远程会商扩容"],
    "vas": ["行业短信平台", "号码认证服务", "企业彩铃"],
    "cloud": ["{proj}云资源", "云主机扩容", "信创云迁移", "云存储扩容"],
    "integration": ["{proj}集成", "机房改造集成", "弱电智能化集成"],
    "consulting": ["网络规划咨询", "等保测评咨询", "数字化转型咨询"],
    "maintenance": ["网络代维服务", "机房运维外包", "终端运维托管"],
    "dr": ["数据灾备服务", "同城灾备链路", "云备份服务"],
    "managed": ["安全托管服务", "SD-WAN托管", "网络管家"],
    "iot": ["物联网卡及平台", "{proj}感知终端", "资产定位物联网"],
    "private5g": ["5G专网建设", "5G切片专网", "{proj}5G专网"],
}
CONDITIONS = ["项目预算{y}年{m}月获批", "公开招标中标", "{proj}立项", "客户完成方案评审", "上级单位批复",
              "试点效果达到预期", "现有合同到期后续签", "新址{m}月交付使用", "等保整改需求确认",
              "资金纳入年度财政预算", "完成POC测试并通过验收", "主体工程{m}月竣工"]
SOURCES = ["年度项目", "客户走访", "招标公告", "行业推广", "存量扩容", "上级单位推荐", "合作伙伴引荐"]
APPROACHES = ["合同到期后以{x}方案统一承载", "以融合套餐替换对手业务", "高层拜访争取主链路",
              "提供双路由高可靠方案", "免费试用三个月后转正", "以云网一体方案整体替换",
              "结合{x}升级打包报价"]
APPROACH_X = ["OTN双路由", "云网融合", "SD-WAN", "5G专网", "云视讯", "安全托管"]

TITLES = {
    "gov": [("局长", "决策者"), ("分管副局长", "决策者"), ("主任", "决策者"), ("信息科科长", "影响者"),
            ("办公室主任", "把关者"), ("财务科科长", "把关者"), ("运维负责人", "使用者"),
            ("业务科科长", "使用者")],
    "finance": [("行长", "决策者"), ("分管副行长", "决策者"), ("科技部经理", "影响者"),
                ("运营部经理", "使用者"), ("采购部经理", "把关者"), ("网点主任", "使用者"),
                ("风险管理部经理", "把关者")],
    "health": [("院长", "决策者"), ("分管副院长", "决策者"), ("信息中心主任", "影响者"),
               ("采购中心主任", "把关者"), ("急诊科主任", "使用者"), ("医务处处长", "使用者"),
               ("财务处处长", "把关者")],
    "edu": [("校长", "决策者"), ("副校长", "决策者"), ("信息中心主任", "影响者"), ("总务处主任", "把关者"),
            ("教务处主任", "使用者"), ("网络管理员", "使用者")],
    "manufacturing": [("总经理", "决策者"), ("董事长", "决策者"), ("IT总监", "影响者"),
                      ("生产总监", "使用者"), ("采购经理", "把关者"), ("财务总监", "把关者"),
                      ("设备部经理", "使用者")],
    "transport": [("总经理", "决策者"), ("副总经理", "决策者"), ("信息部经理", "影响者"),
                  ("调度中心主任", "使用者"), ("采购部经理", "把关者")],
    "energy": [("总经理", "决策者"), ("副总经理", "决策者"), ("信通中心主任", "影响者"),
               ("调度中心主任", "使用者"), ("物资部主任", "把关者")],
    "retail": [("总经理", "决策者"), ("运营总监", "影响者"), ("IT经理", "使用者"), ("采购经理", "把关者")],
    "media": [("台长", "决策者"), ("总经理", "决策者"), ("技术部主任", "影响者"), ("运营部经理", "使用者"),
              ("办公室主任", "把关者")],
    "agri": [("局长", "决策者"), ("总经理", "决策者"), ("信息科科长", "影响者"), ("基地负责人", "使用者"),
             ("财务科科长", "把关者")],
}
ATTITUDES = ["支持", "支持", "中立", "中立", "支持", "反对"]
ACTIVITIES = ["高层拜访，汇报年度合作规划", "{proj}方案交流会", "技术交流与需求调研", "年度服务回顾与续约洽谈",
              "组织参观云数据中心", "重大活动通信保障", "客户满意度回访", "新产品体验会",
              "联合举办行业沙龙", "招标技术澄清与答疑", "节日慰问与关系维护", "故障复盘与服务改进汇报"]
STRATEGY_TEXT = {
    "竞争": ["以{a}锁定{b}，防止对手以低价切入。", "针对对手{b}报价，提供同价更高等级的SLA。",
           "在对手合同到期前{n}个月启动替换方案。"],
    "价格": ["三年续约给予阶梯折扣，折扣幅度不超过{n}%。", "{b}按用量阶梯计费，降低客户试用门槛。",
           "新增业务首年优惠{n}%，次年恢复标准资费。"],
    "差异化": ["提供{a}，区别于对手的单一专线报价。", "以本地化7×24小时服务团队形成差异化。",
             "承诺{b}99.99%可用率并按月出具服务报告。"],
    "组合营销": ["{b}与{c}打包报价。", "以{a}带动{c}组合销售。", "存量{b}续约捆绑{c}试用。"],
    "合作": ["联合{p}共同投标{proj}。", "与{p}组成联合体，我方承接网络、云和运维。",
           "引入{p}提供行业应用，我方负责云网底座。"],
    "服务": ["配置驻场工程师，重大活动专项保障。", "故障{n}小时到场，季度服务回访。",
           "建立客户专属服务群，VIP通道响应。"],
    "品牌": ["联合客户发布{proj}应用案例。", "邀请客户参加数字政企峰会并作案例分享。",
           "在行业会议上推广{a}成效。"],
    "产品": ["推出{a}，按需订阅计费。", "以{b}升级方案满足{proj}需求。", "试点{c}新产品并形成标准化方案。"],
    "促销": ["参加{theme}活动，享受首年资费减免。", "新增{b}赠送{n}个月免费试用。", "年度签约客户赠送安全体检服务。"],
}
RETENTION_ACTIONS = ["{q}启动续约谈判，争取签订三年合同", "高层互访巩固合作关系", "按季度开展业务回顾",
                     "提前锁定上级集采框架", "整改服务投诉问题并回访", "以融合方案提高转网成本",
                     "建立一客户一预案并每月跟踪"]

# ---------------------------------------------------------------- market / industry texts

ENV = {
    "policy": ["省《数字政府建设“十五五”规划》要求{y}年市级政务系统上云率达到{p}%。",
               "工信部5G行业虚拟专网管理办法落地，专网频率与安全合规要求进一步明确。",
               "金融监管要求重要信息系统{y}年底前完成同城灾备建设。",
               "网络安全法与数据安全法配套细则出台，等保合规需求持续释放。",
               "国家推进“数据要素×”行动，公共数据授权运营试点扩大。"],
    "economy": ["{c}市{b}年地区生产总值约{n}亿元，预计{y}年增长{g}%。",
                "装备制造、新材料和现代物流为全市三大主导产业，园区新增企业约{k}家。",
                "数字经济核心产业增加值占比提升至{g}%，企业数字化投入意愿增强。"],
    "society": ["全市推进“健康{c}”和义务教育优质均衡，民生信息化项目加快落地。",
                "城乡一体化带动县域政务服务下沉，乡镇便民服务中心需全面联网。",
                "人口向中心城区和新区集聚，新建社区与学校带来新增接入需求。"],
    "technology": ["5G-A、RedCap模组成熟，工厂AGV、机器视觉质检等场景开始规模复制。",
                   "算力网络与国产化信创云技术成熟，政务、医疗上云意愿明显增强。",
                   "AI大模型在政务问答、医疗辅助诊断中试点，带动GPU算力租用需求。",
                   "SD-WAN和云网融合降低多分支组网成本。"],
    "trends": ["中国移动以“5G专网+物联网卡”低价组合切入产业园，单点报价较我方低{n}%。",
               "中国联通依托总部协议承接部分银行第二路由和委办局视频会商系统。",
               "中国广电借助有线网络存量在县域学校和乡镇推广视频业务。"],
    "regulation_impact": ["专线及宽带资费监管趋严，“低于成本价投标”被明确禁止。",
                          "政务云项目统一集中采购，单一部门自建空间缩小，集采中标成为关键。"],
    "advantages": ["政务云、医疗影像云由我方承建，云网一体交付和属地化运维团队领先。",
                   "城区光网与OTN政企精品网覆盖完善，可提供99.99%可用率SLA承诺。",
                   "本地服务网点覆盖全部区县，故障响应时间短于竞争对手。"],
    "disadvantages": ["5G专网行业案例少于中国移动，部分产业园基站密度不足。",
                      "县域部分乡镇光缆资源老旧，交付周期长于竞争对手。",
                      "物联网卡资费高于竞争对手，价格敏感客户流失风险大。"],
}
IND_DEVELOPMENT = ["{n}推进数字化转型，信息化投入年均增长约{g}%。",
                   "行业监管强调网络与数据安全，安全合规投入加大。",
                   "龙头单位加快新院区/新厂区/新校区建设，新增组网需求集中释放。",
                   "行业集中采购比例提高，单一客户议价能力增强。",
                   "上级单位推进系统集约化部署，分支机构IT逐步上收。"]
IND_POLICIES = ["《{n}数字化转型行动方案》要求{y}年核心系统上云率达到{p}%。",
                "行业主管部门要求重要系统具备同城双活与异地灾备能力。",
                "{y}年起推进信创替代，国产化云和终端采购比例提高。",
                "行业数据分类分级管理办法出台，数据本地化存储要求明确。"]
IND_MARKET_NOTES = ["数据专线、云资源和安全服务为主要支出方向。", "互联网出口、视频和物联网为主要增长点。",
                    "存量专线价格下行，云和集成项目带动总体市场增长。"]
IND_POSITIONS = {
    "中国移动": ["以低价专线切入区县分支机构", "以5G行业套餐争夺移动办公需求", "以物联网卡低价策略抢占终端连接",
             "以“5G专网+物联网卡”组合切入产业园"],
    "中国联通": ["依托总部协议承接第二路由专线", "承建部分单位视频会商系统", "以云联网产品争夺多分支组网需求"],
    "中国广电": ["借助有线网络存量推广视频业务", "以广电5G低价套餐切入县域单位", "承接部分单位IPTV和应急广播"],
}
IND_DIRECTIONS = ["{n}云化和数据共享建设，带动专线与云资源需求。", "5G+行业应用由试点转向规模复制。",
                  "安全托管和等保合规服务需求持续增长。", "分支机构SD-WAN改造和云网融合加快。"]
IND_INNOVATION = ["联合生态伙伴提供行业SaaS订阅服务。", "与本地软件企业合作提供数据运营服务。",
                  "探索“云+AI”辅助业务办理。"]
IND_PROMO = ["{b}首年资源包优惠", "{b}免费提速三个月", "{b}体验套餐", "{b}与{c}融合套餐限时优惠"]
IND_PROMO_METHOD = ["行业专场推介会", "客户经理上门推介", "主管部门组织专题培训会", "线上直播推介+线下体验"]
MARKET_MEASURE = ["以{b}为牵引，带动{c}和安全服务组合销售。", "对签约三年及以上的{b}客户执行阶梯折扣。",
                  "在重点园区打造{b}标杆案例，以案例对冲对手低价。", "联合本地厂商共同投标{n}项目。",
                  "重点客户全部落实一客户一预案。", "举办数字政企峰会，发布{b}行业案例集。"]
PROMO_THEMES = [("提升产业园中小企业5G专网和物联网渗透率", "5G全连接工厂进园区", ["manufacturing"],
                 ["private5g", "iot"], "园区巡展 + 首年专网资费减免30%"),
                ("推动政务、医疗客户业务上云和数据灾备", "信创云上{c}", ["gov", "health"], ["cloud", "dr"],
                 "专场推介会 + 三个月云资源免费试用"),
                ("巩固校园出口带宽存量并拓展云课堂", "智慧校园开学季", ["edu"], ["internet", "video"],
                 "校长沙龙 + 出口带宽免费提速"),
                ("提升金融网点SD-WAN和灾备渗透率", "金融网点焕新季", ["finance"], ["data", "dr"],
                 "分行专场交流 + 灾备方案免费评估"),
                ("拓展商贸文旅客户视频和互联网业务", "数智商圈惠企行", ["retail", "media"],
                 ["internet", "video", "vas"], "商圈地推 + 融合套餐优惠"),
                ("推动交通能源行业物联网规模应用", "万物智联行业行", ["transport", "energy", "agri"],
                 ["iot", "managed"], "行业沙龙 + 物联网平台免费试用")]


# ---------------------------------------------------------------- helpers

def _money(x: float) -> float | int:
    """A money amount as a user writes it: one decimal, whole numbers without '.0'."""
    x = round(x, 1)
    return int(x) if x == int(x) else x


def _rate(x: float) -> float | int:
    x = round(x, 2)
    return int(x) if x == int(x) else x


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _distinct(rng: random.Random, weights: dict[str, float], k: int) -> list[str]:
    """k distinct keys drawn by weight (order of drawing)."""
    pool = dict(weights)
    out = []
    while pool and len(out) < k:
        key = _weighted(rng, pool)
        out.append(key)
        del pool[key]
    return out


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _fill(rng: random.Random, text: str, **given: str) -> str:
    """Fill the {placeholders} a phrase uses with random values (or the given ones)."""
    values = dict(y=str(YEAR), b=str(BASE_YEAR), c=CITY, m=str(rng.randint(1, 12)),
                  k=str(rng.randint(2, 9)), n=str(rng.randint(3, 30)),
                  p=str(rng.choice((80, 85, 90, 95))),
                  g=f"{rng.uniform(4.5, 8.5):.1f}", q=rng.choice(QUARTERS),
                  x=rng.choice(APPROACH_X))
    values.update(given)
    return text.format(**values)


def _date(month: int, day: int, year: int = YEAR) -> dt.date:
    return dt.date(year, month, day)


def _lognormal_base(rng: random.Random) -> float:
    """A customer's base-year revenue with us, 万元: log-normal, median ≈ 90, 10..2000."""
    x = rng.lognormvariate(math.log(90), 1.05)
    return min(2000.0, max(10.0, x))


def _split(rng: random.Random, total: float, k: int) -> list[float]:
    weights = [rng.gammavariate(1.6, 1.0) for _ in range(k)]
    s = sum(weights)
    return [total * w / s for w in weights]


# ---------------------------------------------------------------- customer

def _customer_name(rng: random.Random, industry: str, region: str) -> str:
    parts = NAME_PARTS[industry]
    pattern = rng.choice(parts["patterns"])
    return pattern.format(c=CITY, d=DISTRICT_NAMES[region], o=rng.choice(parts["orgs"]),
                          t=rng.choice(PLACE_WORDS))


def customer(index: int, seed: int, industry: str, region: str, managers: dict[str, list[str]],
             industry_managers: dict[str, str], cid: str, name: str | None = None) -> dict:
    """One customer's plan as plain data, drawn from its own generator."""
    rng = random.Random(f"planner-bench:{seed}:customer:{index}")
    lines_w = INDUSTRIES[industry]["lines"]
    manager = rng.choice(managers[region])
    name = name or _customer_name(rng, industry, region)
    total_base = _lognormal_base(rng)
    big = total_base > 400
    projects_pool = PROJECT_WORDS[industry]

    # stock: 2..5 lines, amounts summing to total_base
    n_stock = min(5, max(2, int(2 + math.log10(total_base) + rng.random() * 1.5)))
    stock_lines = _distinct(rng, lines_w, n_stock)
    bases = [max(1.0, b) for b in _split(rng, total_base, n_stock)]
    stock = []
    for line, base in zip(stock_lines, bases):
        base = _money(base)
        row: dict = {"business_line": line, "base": base,
                     "previous": _money(base * rng.uniform(0.8, 1.1)),
                     "retention": _rate(rng.choice((1.0, 1.0, 0.98, 0.96, 0.95, 0.93, 0.9, 0.85)))}
        if row["retention"] < 0.97 or rng.random() < 0.15:
            row["risk"] = _fill(rng, rng.choice(RISKS))
            if rng.random() < 0.97:  # a few risks without a measure: a realistic review flag
                row["measure"] = rng.choice(MEASURES)
        if rng.random() < 0.1:
            row["phasing"] = rng.choice(([0.2, 0.25, 0.25, 0.3], [0.25, 0.25, 0.25, 0.25],
                                         [0.3, 0.25, 0.25, 0.2], [0.1, 0.2, 0.3, 0.4]))
        stock.append(row)
    base_of = {r["business_line"]: r["base"] for r in stock}

    # spend: ours = stock bases; 1..3 competitors on some of our lines and on lines of their own
    spend = []
    notes = ["电路租用费", "合同口径", "含一次性调测费", "分支机构链路", "第二路由", "按月结算",
             "框架协议"]
    for r in stock:
        row = {"carrier": OPERATOR, "business_line": r["business_line"], "amount": r["base"]}
        if rng.random() < 0.2:
            row["note"] = rng.choice(notes)
        spend.append(row)
    comps = rng.sample(COMPETITORS, rng.choice((1, 1, 2, 2, 3)))
    comp_rows: list[tuple[str, str, float | int]] = []
    for comp in comps:
        for _ in range(rng.choice((1, 1, 2))):
            if rng.random() < 0.7:
                line = rng.choice(stock_lines)
                amount = _money(base_of[line] * rng.uniform(0.15, 0.9))
            else:
                line = _weighted(rng, lines_w)
                amount = _money(total_base * rng.uniform(0.05, 0.3))
            if amount <= 0 or any(c == comp and ln == line for c, ln, _ in comp_rows):
                continue
            comp_rows.append((comp, line, amount))
            row = {"carrier": comp, "business_line": line, "amount": amount}
            if rng.random() < 0.3:
                row["note"] = rng.choice(notes)
            spend.append(row)
    if not comp_rows:  # at least one competitor row
        comp = comps[0]
        line = rng.choice(stock_lines)
        amount = _money(max(1.0, base_of[line] * 0.3))
        comp_rows.append((comp, line, amount))
        spend.append({"carrier": comp, "business_line": line, "amount": amount})

    # voice: our and competitors' voice spend, plus something for other carriers
    domestic = {OPERATOR: base_of.get("voice", _money(total_base * rng.uniform(0.01, 0.05)) or 1)}
    for comp, line, amount in comp_rows:
        if line == "voice":
            domestic[comp] = amount
    if len(domestic) == 1:
        domestic[comps[0]] = _money(max(1.0, total_base * rng.uniform(0.005, 0.03)))
    voice: dict = {"domestic": domestic}
    voice["international"] = {OPERATOR: _money(total_base * rng.uniform(0.0, 0.02))}

    # network
    levels = rng.choice(TIER_LEVELS)
    n_tiers = rng.randint(2, 4)
    tiers = []
    for level in levels[:n_tiers]:
        tiers.append({"level": level, "technology": rng.choice(TECHNOLOGIES),
                      "bandwidth_mbps": rng.choice(BANDWIDTHS), "access": rng.choice(ACCESS),
                      "backup": rng.choice(BACKUPS), "equipment": rng.choice(EQUIPMENT)})
    structure = _fill(rng, rng.choice(STRUCTURES), a=rng.choice(("主院区", "总部", "主校区", "主厂区")))
    network = {"structure": structure,
               "tiers": tiers,
               "applications": rng.sample(APPLICATIONS[industry], rng.randint(3, 6))}

    # budget and needs
    n_proj = rng.randint(1, 3)
    proj_names = rng.sample(projects_pool, n_proj)
    scale = total_base * rng.uniform(2.0, 6.0)
    budget = {"network": _money(scale * rng.uniform(0.2, 0.4)),
              "it": _money(scale * rng.uniform(0.6, 1.2)),
              "projects": [{"name": p, "budget": _money(scale * rng.uniform(0.1, 0.6))}
                           for p in proj_names]}
    proj = proj_names[0]
    needs = {"value_claims": rng.sample(VALUE_CLAIMS, rng.randint(2, 4)),
             "planning_goals": [_fill(rng, g, proj=rng.choice(proj_names))
                                for g in rng.sample(GOAL_PATTERNS, rng.randint(1, 3))],
             "annual_projects": list(proj_names),
             "innovation": rng.sample(INNOVATION, rng.randint(1, 2))}

    # opportunities: 2..6, expected weighted increment ≈ 12% of the base
    opportunities = []
    used_names: set[str] = set()
    for _ in range(rng.randint(2, 6)):
        line = _weighted(rng, lines_w)
        opp_name = _fill(rng, rng.choice(OPP_PATTERNS[line]), proj=rng.choice(proj_names))
        if opp_name in used_names:
            opp_name += rng.choice(("二期", "扩容", "（新增）"))
        used_names.add(opp_name)
        share = rng.uniform(0.015, 0.07) if rng.random() < 0.93 else rng.uniform(0.1, 0.3)
        row = {"name": opp_name, "business_line": line,
               "amount": _money(max(1.0, total_base * share)),
               "probability": _rate(rng.choice((0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9))),
               "quarter": rng.choice(QUARTERS),
               "conditions": _fill(rng, rng.choice(CONDITIONS), proj=rng.choice(proj_names))}
        if rng.random() < 0.7:
            row["source"] = rng.choice(SOURCES)
        opportunities.append(row)

    # win-back: 0..2 items on competitors' rows
    winback = []
    # lines where a competitor holds all the spend come first: that is where win-back is planned
    targets = sorted(comp_rows, key=lambda r: (r[1] in base_of, rng.random()))
    for comp, line, amount in targets[:rng.choice((0, 1, 1, 2))]:
        winback.append({"competitor": comp, "business_line": line, "competitor_revenue": amount,
                        "amount": _money(amount * rng.choice((0.3, 0.5, 0.6, 0.8, 1.0))),
                        "probability": _rate(rng.choice((0.2, 0.3, 0.4, 0.5))),
                        "quarter": rng.choice(QUARTERS),
                        "approach": _fill(rng, rng.choice(APPROACHES))})

    # relationship
    titles = TITLES[industry]
    n_contacts = rng.randint(2, 5)
    chosen = []
    if rng.random() < 0.95:
        chosen.append(rng.choice([t for t in titles if t[1] == "决策者"]))
    others = [t for t in titles if t[1] != "决策者"]
    chosen += rng.sample(others, min(len(others), n_contacts - len(chosen)))
    contacts = [{"name": _person(rng), "title": title, "role": role,
                 "attitude": rng.choice(ATTITUDES)}
                for title, role in chosen]
    owners = [manager, manager, manager, industry_managers[industry]]
    activities = [{"quarter": q, "activity": _fill(rng, rng.choice(ACTIVITIES), proj=proj),
                   "owner": rng.choice(owners)}
                  for q in sorted(rng.choices(QUARTERS, k=rng.randint(2, 6)))]

    # strategies: 4..9 of the nine dimensions, in the canonical order
    dims = set(rng.sample(STRATEGY_DIMENSIONS, rng.randint(4, 9)))
    lines_named = [BL_NAME[ln] for ln in stock_lines]
    strategies = {}
    for dim in STRATEGY_DIMENSIONS:
        if dim in dims:
            strategies[dim] = _fill(rng, rng.choice(STRATEGY_TEXT[dim]),
                                    a=rng.choice(("云网一体方案", "双路由高可靠方案", "5G专网方案",
                                                  "安全托管服务", "影像云+AI订阅", "SD-WAN组网")),
                                    b=rng.choice(lines_named), c=BL_NAME[_weighted(rng, lines_w)],
                                    p=rng.choice(PARTNERS[industry]), proj=proj,
                                    theme=rng.choice(("智慧校园开学季", "信创云上江州",
                                                      "5G全连接工厂进园区", "金融网点焕新季")))

    n_risks = rng.randint(1, 3)
    retention_plan = {
        "priority": "高" if big or rng.random() < 0.2 else rng.choice(("中", "中", "低")),
        "risks": [_fill(rng, r) for r in rng.sample(RISKS, n_risks)],
        "actions": [_fill(rng, a) for a in rng.sample(RETENTION_ACTIONS, rng.randint(1, 3))],
        "kpis": {"renewal_rate": _rate(rng.uniform(0.85, 1.0)),
                 "long_term_contract_rate": _rate(rng.uniform(0.3, 0.9)),
                 "ict_penetration": _rate(rng.uniform(0.1, 0.7)),
                 "churn_rate": _rate(rng.uniform(0.0, 0.08)),
                 "off_net_rate": _rate(rng.uniform(0.0, 0.05))},
    }
    costs = {"marketing": _money(total_base * rng.uniform(0.01, 0.06)),
             "service": _money(total_base * rng.uniform(0.01, 0.05)),
             "maintenance": _money(total_base * rng.uniform(0.02, 0.08)),
             "payment_on_time_rate": _rate(rng.uniform(0.85, 1.0))}

    position = _fill(rng, rng.choice(POSITION_SUBJECT[industry]), d=DISTRICT_NAMES[region],
                     x=rng.choice(POSITION_X)) + rng.choice(POSITION_TAIL)
    return {
        "id": cid,
        "name": name,
        "industry": industry,
        "region": region,
        "manager": manager,
        "profile": {"industry_position": position,
                    "informatization_level": rng.choice(INFO_LEVELS)},
        "network": network,
        "spend": spend,
        "voice": voice,
        "it_services": {"integration": rng.choice(INTEGRATION_TEXT),
                        "sourcing": rng.choice(SOURCING),
                        "partners": rng.sample(PARTNERS[industry], rng.randint(1, 3))},
        "budget": budget,
        "needs": needs,
        "stock": stock,
        "opportunities": opportunities,
        "winback": winback,
        "relationship": {"contacts": contacts, "activities": activities},
        "strategies": strategies,
        "retention_plan": retention_plan,
        "costs": costs,
    }


def customer_target(c: dict) -> float:
    """Bottom-up target of one customer: stock + weighted opportunities + weighted win-back."""
    t = sum(r["base"] * r["retention"] for r in c["stock"])
    t += sum(o["amount"] * o["probability"] for o in c["opportunities"])
    t += sum(w["amount"] * w["probability"] for w in c["winback"])
    return t


# ---------------------------------------------------------------- industry and market

def industry_file(seed: int, iid: str, manager: str, spend_total: float) -> dict:
    rng = random.Random(f"planner-bench:{seed}:industry:{iid}")
    name = INDUSTRIES[iid]["name"]
    lines_w = INDUSTRIES[iid]["lines"]
    top = sorted(lines_w, key=lambda ln: -lines_w[ln] * rng.uniform(0.6, 1.4))[:4]
    comps = rng.sample(COMPETITORS, rng.randint(2, 3))
    promotions = []
    for _ in range(rng.randint(1, 2)):
        start_month = rng.randint(2, 9)
        promotions.append({"content": _fill(rng, rng.choice(IND_PROMO), b=BL_NAME[top[0]],
                                            c=BL_NAME[top[1]]),
                           "start": _date(start_month, rng.choice((1, 15))),
                           "end": _date(min(12, start_month + rng.randint(1, 3)), 28),
                           "method": rng.choice(IND_PROMO_METHOD)})
    measures = []
    for dim in rng.sample(STRATEGY_DIMENSIONS, rng.randint(2, 4)):
        row: dict = {"dimension": dim}
        if rng.random() < 0.6:
            row["business_line"] = rng.choice(top)
        row["text"] = _fill(rng, rng.choice(STRATEGY_TEXT[dim]), a="云网一体方案",
                            b=BL_NAME[top[0]], c=BL_NAME[top[1]], p=rng.choice(PARTNERS[iid]),
                            proj=rng.choice(PROJECT_WORDS[iid]), theme="行业专场推介")
        measures.append(row)
    return {
        "industry": iid,
        "manager": manager,
        "current_year": {
            "development": [_fill(rng, t, n=name)
                            for t in rng.sample(IND_DEVELOPMENT, rng.randint(2, 3))],
            "ict_policies": [_fill(rng, t, n=name) for t in rng.sample(IND_POLICIES, 2)],
            "market": {"size": _money(max(100.0, spend_total * rng.uniform(2.5, 4.0))),
                       "note": rng.choice(IND_MARKET_NOTES)},
            "competitors": [{"name": comp, "position": rng.choice(IND_POSITIONS[comp]),
                             "businesses": rng.sample(top, rng.randint(1, 2))} for comp in comps],
        },
        "trends": {"directions": [_fill(rng, t, n=name) for t in rng.sample(IND_DIRECTIONS, 2)],
                   "innovation": rng.sample(IND_INNOVATION, rng.randint(1, 2))},
        "promotions": promotions,
        "measures": measures,
    }


def _market(seed: int, n: int, customers: list[dict]) -> dict:
    rng = random.Random(f"planner-bench:{seed}:market:{n}")
    owner, reviewer = _person(rng), _person(rng)
    # bulk rows: about 2 per region, together about 25-50% of the region's key-customer base
    region_base = {rid: 0.0 for rid, _n, _w in REGIONS}
    for c in customers:
        region_base[c["region"]] += sum(r["base"] for r in c["stock"])
    other = []
    for rid, _name, _w in REGIONS:
        k = rng.choice((1, 2, 2, 3))
        for part in _split(rng, max(60.0, region_base[rid] * rng.uniform(0.25, 0.5)), k):
            base = _money(max(5.0, part))
            row: dict = {"region": rid, "industry": rng.choice(INDUSTRY_IDS),
                         "business_line": rng.choice(("internet", "data", "voice", "cloud", "iot")),
                         "base": base}
            if rng.random() < 0.5:
                row["previous"] = _money(base * rng.uniform(0.85, 1.05))
            row["retention"] = _rate(rng.uniform(0.85, 1.0))
            if rng.random() < 0.7:
                row["increment"] = _money(base * rng.uniform(0.02, 0.15))
            if rng.random() < 0.4:
                row["winback"] = _money(base * rng.uniform(0.01, 0.06))
            row["quarter"] = rng.choice(QUARTERS)
            if rng.random() < 0.25:
                row["note"] = rng.choice(("园区中小企业", "县域聚类客户", "商圈客户",
                                          "按财务口径汇总"))
            other.append(row)

    by_region = {rid: 0.0 for rid, _n, _w in REGIONS}
    for c in customers:
        by_region[c["region"]] += customer_target(c)
    for row in other:
        by_region[row["region"]] += (row["base"] * row["retention"] + row.get("increment", 0)
                                     + row.get("winback", 0))
    guidance = {rid: _money(round(v * rng.uniform(0.96, 1.05))) for rid, v in by_region.items()}
    total = sum(guidance.values())

    schedule = [{"task": task, "owner": who, "due": _date(month, day, BASE_YEAR)}
                for task, who, month, day in (
                    ("收集全市经济运行、数字政府及行业信息化规划资料", owner, 11, 6),
                    ("重点客户走访、商机梳理与客户计划编制", "各客户经理", 11, 20),
                    ("重点行业计划汇总与行业竞争分析", "各行业经理", 11, 30),
                    ("对标预算编制指引，分区域平衡目标缺口", owner, 12, 8),
                    ("市场营销计划审核定稿并报省公司", reviewer, 12, 18))]
    env = {k: [_fill(rng, t) for t in rng.sample(v, min(len(v), rng.randint(2, 3)))]
           for k, v in ENV.items()}
    measures = []
    for dim in rng.sample(STRATEGY_DIMENSIONS, 7):
        row = {"dimension": dim}
        if rng.random() < 0.5:
            row["industry"] = rng.choice(INDUSTRY_IDS)
        if rng.random() < 0.6:
            row["business_line"] = rng.choice(BL_IDS)
        row["text"] = _fill(rng, rng.choice(MARKET_MEASURE), b=BL_NAME[rng.choice(BL_IDS)],
                            c=BL_NAME[rng.choice(BL_IDS)],
                            n=rng.choice(("医共体平台", "智慧校园", "数字乡村")))
        measures.append(row)
    promotions = []
    for purpose, theme, inds, lines, method in rng.sample(PROMO_THEMES, 4):
        start_month = rng.randint(3, 8)
        promotions.append({"purpose": purpose, "theme": _fill(rng, theme),
                           "start": _date(start_month, 1),
                           "end": _date(min(12, start_month + rng.randint(2, 4)), 30),
                           "industries": inds, "business_lines": lines, "method": method,
                           "budget": _money(rng.uniform(15, 60))})
    return {
        "plan": {"unit": f"{CITY}市分公司政企客户部", "year": YEAR, "base_year": BASE_YEAR,
                 "money_unit": "万元", "owner": owner, "reviewer": reviewer, "schedule": schedule},
        "catalog": {
            "operator": OPERATOR,
            "competitors": list(COMPETITORS),
            "carriers_en": dict(CARRIERS_EN),
            "regions": [{"id": rid, "name": name, "name_en": NAME_EN[rid]}
                        for rid, name, _w in REGIONS],
            "industries": [{"id": iid, "name": INDUSTRIES[iid]["name"], "name_en": NAME_EN[iid]}
                           for iid in INDUSTRY_IDS],
            "business_lines": [{"id": b, "name": nm, "name_en": NAME_EN[b], "kind": k}
                               for b, nm, k in BUSINESS_LINES],
        },
        "environment": {
            "policy": env["policy"], "economy": env["economy"], "society": env["society"],
            "technology": env["technology"],
            "competition": {"trends": env["trends"], "regulation_impact": env["regulation_impact"],
                            "advantages": env["advantages"], "disadvantages": env["disadvantages"]},
        },
        "guidance": {"total": _money(total), "by_region": guidance},
        "other_customers": other,
        "measures": measures,
        "promotions": promotions,
    }


# ---------------------------------------------------------------- the plan set

def plan_set(n: int, seed: int = 1) -> tuple[dict, dict[str, dict], dict[str, dict]]:
    """(market, industries by id, customers by id) of an n-customer plan set, as plain data."""
    rng = random.Random(f"planner-bench:{seed}:people")
    managers = {rid: [_person(rng) for _ in range(rng.randint(3, 6))] for rid, _n, _w in REGIONS}
    industry_managers = {iid: _person(rng) for iid in INDUSTRY_IDS}
    width = max(4, len(str(n)))
    customers: dict[str, dict] = {}
    names: set[str] = set()
    region_ids = [r[0] for r in REGIONS]
    region_w = [r[2] for r in REGIONS]
    ind_w = [INDUSTRIES[i]["weight"] for i in INDUSTRY_IDS]
    for i in range(n):
        pick = random.Random(f"planner-bench:{seed}:assign:{i}")
        region = pick.choices(region_ids, weights=region_w)[0]
        industry = pick.choices(INDUSTRY_IDS, weights=ind_w)[0]
        name = _customer_name(pick, industry, region)
        tries = 0
        while name in names and tries < 20:
            name = _customer_name(pick, industry, region)
            tries += 1
        if name in names:
            name = f"{name}（{i + 1}号）"
        names.add(name)
        cid = f"c{i + 1:0{width}d}"
        customers[cid] = customer(i, seed, industry, region, managers, industry_managers, cid, name)
    spend_by_industry = {iid: 0.0 for iid in INDUSTRY_IDS}
    for c in customers.values():
        spend_by_industry[c["industry"]] += sum(r["amount"] for r in c["spend"])
    industries = {iid: industry_file(seed, iid, industry_managers[iid], spend_by_industry[iid])
                  for iid in INDUSTRY_IDS}
    market = _market(seed, n, list(customers.values()))
    return market, industries, customers


_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: dict, path: Path, header: str) -> None:
    # yaml.safe_dump's options, with LibYAML's emitter when PyYAML has it (~5x faster; the same
    # bytes as the pure-Python SafeDumper). Flow style for the leaves ({carrier: …, amount: …} rows,
    # [a, b] lists), as people write them.
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000,
                     default_flow_style=None)
    path.write_text(header + text, encoding="utf-8")


def generate(n: int, outdir: Path | str, seed: int = 1) -> Path:
    """Write an n-customer plan set into outdir (its market, industries and customers folders are
    replaced); return outdir."""
    out = Path(outdir)
    market, industries, customers = plan_set(n, seed)
    out.mkdir(parents=True, exist_ok=True)
    for sub in ("industries", "customers"):
        if (out / sub).exists():
            shutil.rmtree(out / sub)
        (out / sub).mkdir()
    _dump(market, out / "market.yaml",
          f"# 合成市场营销计划输入 (benchmarks/generate.py, N={n}, seed={seed})\n")
    for iid, data in industries.items():
        _dump(data, out / "industries" / f"{iid}.yaml",
              f"# {INDUSTRIES[iid]['name']}行业营销计划 (合成数据)\n")
    for cid, data in customers.items():
        _dump(data, out / "customers" / f"{cid}.yaml",
              f"# 重点客户营销计划: {data['name']} (合成数据)\n")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of key customers")
    ap.add_argument("outdir", type=Path, help="folder to write the plan set into")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    generate(args.n, args.outdir, args.seed)
    print(f"wrote {args.n} customers, {len(INDUSTRY_IDS)} industries, {len(REGIONS)} regions "
          f"into {args.outdir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
