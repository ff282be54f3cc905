import Taro from '@tarojs/taro';

import { OnBehalfForm } from '../../components/OnBehalfForm';
import { Screen } from '../../components/Screen';
import { zhLeader } from '../../i18n/leader';
import { ticketPage } from '../../services/navigation';
import { LeaderBuilding } from './LeaderBuilding';

/** 代办报事: the 楼长 picks a neighbour's home in their building by room and files for it (source proxy). */
export default function LeaderReportPage() {
  return (
    <Screen>
      <LeaderBuilding>
        {(building) => (
          <OnBehalfForm
            key={building.id}
            compoundId={building.compoundId}
            mode={{ kind: 'proxy', buildingId: building.id }}
            text={zhLeader.report}
            testId="proxy"
            onFiled={(ticket) => void Taro.redirectTo({ url: ticketPage.leader(ticket.id) })}
          />
        )}
      </LeaderBuilding>
    </Screen>
  );
}
